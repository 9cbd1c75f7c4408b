package org.windlass.persistence.internal;

import java.time.Instant;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.Version;

import org.windlass.api.storage.KeyRecord;
import org.windlass.api.storage.KeyType;

/** A key storage row; its content is ciphertext (windlass-storage encrypts). */
@Entity
@Table(name = "wl_key")
public class KeyEntity {

    @Id
    @Column(name = "path", length = 700)
    private String path;

    @Column(name = "key_type", length = 16, nullable = false)
    private String keyType;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "content", nullable = false)
    private byte[] content;

    @Column(name = "master_key_id", length = 64, nullable = false)
    private String masterKeyId;

    @Column(name = "size", nullable = false)
    private long size;

    @Version
    @Column(name = "version")
    private long version;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected KeyEntity() {
    }

    KeyEntity(KeyRecord r) {
        this.path = r.path();
        this.createdAt = r.created().toEpochMilli();
        set(r);
    }

    void set(KeyRecord r) {
        this.keyType = r.type().rundeckName();
        this.content = r.ciphertext();
        this.masterKeyId = r.masterKeyId();
        this.size = r.size();
        this.updatedAt = r.modified().toEpochMilli();
    }

    KeyRecord toRecord(boolean withContent) {
        return new KeyRecord(path, KeyType.fromRundeckName(keyType), withContent ? content : null, masterKeyId, size,
                Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt));
    }
}

package org.windlass.persistence.internal;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.windlass.api.security.AclRepository;

/** An aclpolicy file: scope '' for the system, else its project. */
@Entity
@Table(name = "wl_acl_policy")
@IdClass(AclEntity.Key.class)
public class AclEntity {

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        public String scope;
        public String name;

        public Key() {
        }

        Key(String scope, String name) {
            this.scope = scope;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(scope, k.scope) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope, name);
        }
    }

    @Id
    @Column(name = "scope", length = 255)
    private String scope;

    @Id
    @Column(name = "name", length = 255)
    private String name;

    @Lob
    @Column(name = "content", nullable = false)
    private String content;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected AclEntity() {
    }

    AclEntity(String scope, String name) {
        this.scope = scope;
        this.name = name;
    }

    void set(String text, long now) {
        this.content = text;
        this.updatedAt = now;
    }

    AclRepository.StoredAcl toStored() {
        return new AclRepository.StoredAcl(scope.isEmpty() ? null : scope, name, content, Instant.ofEpochMilli(updatedAt));
    }
}

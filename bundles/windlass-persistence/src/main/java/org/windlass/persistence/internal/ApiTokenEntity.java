package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.windlass.api.security.StoredToken;

/** An API token row: the hash of its secret, never the secret. */
@Entity
@Table(name = "wl_api_token")
public class ApiTokenEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "token_hash", length = 64, nullable = false, unique = true)
    private String tokenHash;

    @Column(name = "user_name", length = 255, nullable = false)
    private String userName;

    @Column(name = "creator", length = 255, nullable = false)
    private String creator;

    @Column(name = "name", length = 255)
    private String name;

    @Column(name = "roles", length = 4000, nullable = false)
    private String roles;

    @Column(name = "expires_at")
    private Long expiresAt;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected ApiTokenEntity() {
    }

    ApiTokenEntity(StoredToken t) {
        this.id = t.id();
        this.tokenHash = t.hash();
        this.userName = t.user();
        this.creator = t.creator();
        this.name = t.name();
        this.roles = String.join(",", t.roles());
        this.expiresAt = t.expiration() == null ? null : t.expiration().toEpochMilli();
        this.createdAt = t.created().toEpochMilli();
    }

    StoredToken toStored() {
        List<String> r = roles.isEmpty() ? List.of() : Arrays.asList(roles.split(","));
        return new StoredToken(id, tokenHash, userName, creator, name, r,
                expiresAt == null ? null : Instant.ofEpochMilli(expiresAt), Instant.ofEpochMilli(createdAt));
    }
}

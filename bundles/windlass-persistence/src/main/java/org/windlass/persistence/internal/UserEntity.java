package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.Set;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.windlass.api.security.UserRepository;

/** A user of the database login module. */
@Entity
@Table(name = "wl_user")
public class UserEntity {

    @Id
    @Column(name = "username", length = 255)
    private String name;

    @Column(name = "password_hash", length = 255, nullable = false)
    private String passwordHash;

    @Column(name = "email", length = 255)
    private String email;

    @Column(name = "first_name", length = 255)
    private String firstName;

    @Column(name = "last_name", length = 255)
    private String lastName;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected UserEntity() {
    }

    UserEntity(String name, long now) {
        this.name = name;
        this.createdAt = now;
    }

    void set(UserRepository.StoredUser u, long now) {
        this.passwordHash = u.passwordHash();
        this.email = ExecutionEntity.clip(u.email(), 255);
        this.firstName = ExecutionEntity.clip(u.firstName(), 255);
        this.lastName = ExecutionEntity.clip(u.lastName(), 255);
        this.enabled = u.enabled();
        this.updatedAt = now;
    }

    String name() {
        return name;
    }

    UserRepository.StoredUser toStored(Set<String> groups) {
        return new UserRepository.StoredUser(name, passwordHash, email, firstName, lastName, enabled, groups, Instant.ofEpochMilli(updatedAt));
    }
}

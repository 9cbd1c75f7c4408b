package org.windlass.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** A group of the database login module. */
@Entity
@Table(name = "wl_group")
public class GroupEntity {

    @Id
    @Column(name = "name", length = 255)
    private String name;

    @Column(name = "description", length = 1024)
    private String description;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    protected GroupEntity() {
    }

    GroupEntity(String name, String description, long now) {
        this.name = name;
        this.description = ExecutionEntity.clip(description, 1024);
        this.createdAt = now;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }
}

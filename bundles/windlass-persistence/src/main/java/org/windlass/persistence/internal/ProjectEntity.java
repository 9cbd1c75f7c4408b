package org.windlass.persistence.internal;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.Version;

/** A project row: its name and its properties in Java properties syntax (Rundeck's project.properties). */
@Entity
@Table(name = "wl_project")
public class ProjectEntity {

    @Id
    @Column(name = "name", length = 255)
    private String name;

    @Lob
    @Column(name = "properties", nullable = false)
    private String properties;

    @Version
    @Column(name = "version")
    private long version;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected ProjectEntity() {
    }

    ProjectEntity(String name, String properties, long now) {
        this.name = name;
        this.properties = properties;
        this.createdAt = now;
        this.updatedAt = now;
    }

    String getName() {
        return name;
    }

    String getProperties() {
        return properties;
    }

    void setProperties(String properties, long now) {
        this.properties = properties;
        this.updatedAt = now;
    }

    long getCreatedAt() {
        return createdAt;
    }
}

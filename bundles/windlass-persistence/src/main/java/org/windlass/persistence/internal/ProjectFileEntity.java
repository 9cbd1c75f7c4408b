package org.windlass.persistence.internal;

import java.io.Serializable;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

/** A project file row (readme.md, motd.md). */
@Entity
@Table(name = "wl_project_file")
@IdClass(ProjectFileEntity.Key.class)
public class ProjectFileEntity {

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String projectName;
        private String fileName;

        public Key() {
        }

        Key(String projectName, String fileName) {
            this.projectName = projectName;
            this.fileName = fileName;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(projectName, k.projectName) && Objects.equals(fileName, k.fileName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(projectName, fileName);
        }
    }

    @Id
    @Column(name = "project_name", length = 255)
    private String projectName;

    @Id
    @Column(name = "file_name", length = 64)
    private String fileName;

    @Lob
    @Column(name = "content", nullable = false)
    private String content;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected ProjectFileEntity() {
    }

    ProjectFileEntity(String projectName, String fileName, String content, long now) {
        this.projectName = projectName;
        this.fileName = fileName;
        this.content = content;
        this.updatedAt = now;
    }

    String getContent() {
        return content;
    }

    void setContent(String content, long now) {
        this.content = content;
        this.updatedAt = now;
    }
}

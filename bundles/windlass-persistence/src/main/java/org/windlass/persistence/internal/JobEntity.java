package org.windlass.persistence.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.windlass.api.job.StoredJob;

/** A job row: the queried columns and the definition document. */
@Entity
@Table(name = "wl_job")
public class JobEntity {

    @Id
    @Column(name = "uuid", length = 64)
    private String uuid;

    @Column(name = "project", length = 255, nullable = false)
    private String project;

    /** '' for no group, so that the unique (project, group, name) key holds for ungrouped jobs */
    @Column(name = "group_path", length = 255, nullable = false)
    private String groupPath;

    @Column(name = "job_name", length = 255, nullable = false)
    private String jobName;

    @Lob
    @Column(name = "definition", nullable = false)
    private String definition;

    @Column(name = "schedule", length = 255)
    private String schedule;

    @Column(name = "schedule_enabled", nullable = false)
    private boolean scheduleEnabled;

    @Column(name = "execution_enabled", nullable = false)
    private boolean executionEnabled;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected JobEntity() {
    }

    JobEntity(StoredJob job, long now) {
        this.uuid = job.uuid();
        this.createdAt = now;
        set(job, now);
    }

    static String groupColumn(String group) {
        return group == null ? "" : group;
    }

    final void set(StoredJob job, long now) {
        this.project = job.project();
        this.groupPath = groupColumn(job.group());
        this.jobName = job.name();
        this.definition = job.definition();
        this.schedule = job.schedule();
        this.scheduleEnabled = job.scheduleEnabled();
        this.executionEnabled = job.executionEnabled();
        this.updatedAt = now;
    }

    StoredJob toStored() {
        return new StoredJob(uuid, project, groupPath.isEmpty() ? null : groupPath, jobName, definition, schedule,
                scheduleEnabled, executionEnabled, Instant.ofEpochMilli(createdAt), Instant.ofEpochMilli(updatedAt));
    }
}

package org.windlass.persistence.internal;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.windlass.api.job.ScheduleRepository;

/** A scheduled job's owner and last handled tick. */
@Entity
@Table(name = "wl_schedule")
public class ScheduleEntity {

    @Id
    @Column(name = "job_uuid", length = 64)
    private String jobUuid;

    @Column(name = "owner_uuid", length = 64, nullable = false)
    private String ownerUuid;

    @Column(name = "run_as", length = 255, nullable = false)
    private String runAs;

    @Column(name = "last_tick", nullable = false)
    private long lastTick;

    @Column(name = "updated_at", nullable = false)
    private long updatedAt;

    protected ScheduleEntity() {
    }

    ScheduleEntity(String jobUuid) {
        this.jobUuid = jobUuid;
    }

    void set(String owner, String runAs, long lastTick, long now) {
        this.ownerUuid = owner;
        this.runAs = runAs;
        this.lastTick = lastTick;
        this.updatedAt = now;
    }

    /** A new owner, keeping the last tick; the changed update time tells both members to read their rows again. */
    void moveTo(String owner, long now) {
        this.ownerUuid = owner;
        this.updatedAt = Math.max(now, updatedAt + 1);
    }

    ScheduleRepository.Row toRow() {
        return new ScheduleRepository.Row(jobUuid, ownerUuid, runAs, Instant.ofEpochMilli(lastTick), Instant.ofEpochMilli(updatedAt));
    }
}

-- How each execution was started: user, scheduled (by its job's schedule), user-scheduled (run later).
ALTER TABLE wl_execution ADD COLUMN execution_type VARCHAR(32) DEFAULT 'user' NOT NULL;

-- Scheduled jobs: the member that fires each one and the last tick handled (fired, skipped or
-- recorded as missed). A tick is claimed by a conditional update of last_tick, so it is handled
-- once in the cluster.
CREATE TABLE wl_schedule (
    job_uuid    VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner_uuid  VARCHAR(64)  NOT NULL,
    run_as      VARCHAR(255) NOT NULL,
    last_tick   BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL,
    CONSTRAINT fk_schedule_job FOREIGN KEY (job_uuid) REFERENCES wl_job (uuid) ON DELETE CASCADE
);

CREATE INDEX ix_schedule_owner ON wl_schedule (owner_uuid);


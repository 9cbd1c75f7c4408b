-- Job definitions: the queried columns, and the definition document windlass-engine writes.
CREATE TABLE wl_job (
    uuid              VARCHAR(64)   NOT NULL PRIMARY KEY,
    project           VARCHAR(255)  NOT NULL,
    group_path        VARCHAR(255)  NOT NULL,
    job_name          VARCHAR(255)  NOT NULL,
    definition        CLOB          NOT NULL,
    schedule          VARCHAR(255),
    schedule_enabled  BOOLEAN         NOT NULL,
    execution_enabled BOOLEAN         NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    CONSTRAINT uq_job_name UNIQUE (project, group_path, job_name)
);

-- Executions: a row first, then its state as it changes.
CREATE TABLE wl_execution (
    id              BIGINT        NOT NULL PRIMARY KEY,
    project         VARCHAR(255)  NOT NULL,
    job_uuid        VARCHAR(64),
    job_name        VARCHAR(255),
    job_group       VARCHAR(255),
    description     VARCHAR(4000),
    status          VARCHAR(32)   NOT NULL,
    user_name       VARCHAR(255)  NOT NULL,
    arg_string      VARCHAR(4000),
    loglevel        VARCHAR(16)   NOT NULL,
    node_filter     VARCHAR(4000),
    server_uuid     VARCHAR(64),
    date_started    BIGINT,
    date_ended      BIGINT,
    retry_attempt   INT           NOT NULL,
    retry_of        BIGINT,
    succeeded_nodes CLOB,
    failed_nodes    CLOB,
    reason          VARCHAR(4000),
    aborted_by      VARCHAR(255),
    workflow_state  CLOB
);

CREATE INDEX ix_execution_project ON wl_execution (project, id);
CREATE INDEX ix_execution_job ON wl_execution (job_uuid, status);
CREATE INDEX ix_execution_server ON wl_execution (server_uuid, status);
CREATE INDEX ix_execution_status ON wl_execution (status);

-- Cluster-wide sequences (execution ids): one row per sequence, incremented under its row lock in
-- the inserting transaction, so ids are unique and increasing on every database alike.
CREATE TABLE wl_sequence (
    seq_name  VARCHAR(64) NOT NULL PRIMARY KEY,
    seq_value BIGINT      NOT NULL
);

INSERT INTO wl_sequence (seq_name, seq_value) VALUES ('execution', 0);

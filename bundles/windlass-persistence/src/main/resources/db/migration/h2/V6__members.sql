-- The members of the cluster. Times are the database's clock in epoch milliseconds, so members
-- whose clocks disagree still agree on the age of a heartbeat. A heartbeat updates the row only
-- for the member's current incarnation and only while it is not declared dead (fencing).
CREATE TABLE wl_member (
    uuid             VARCHAR(64)   NOT NULL PRIMARY KEY,
    member_name      VARCHAR(255)  NOT NULL,
    url              VARCHAR(1024),
    version          VARCHAR(64),
    tags             VARCHAR(1024) NOT NULL,
    execution_mode   VARCHAR(16)   NOT NULL,
    incarnation      BIGINT        NOT NULL,
    registered_at    BIGINT        NOT NULL,
    last_heartbeat   BIGINT        NOT NULL,
    dead_at          BIGINT,
    dead_reason      VARCHAR(1024),
    running          INT           NOT NULL,
    capacity         INT           NOT NULL,
    cpu              DOUBLE PRECISION NOT NULL,
    heap_used        BIGINT        NOT NULL,
    heap_max         BIGINT        NOT NULL,
    takeover_policy  VARCHAR(32)   NOT NULL,
    takeover_allowed VARCHAR(1024)
);

-- An abort asked through another member: the member running the execution polls for these.
ALTER TABLE wl_execution ADD COLUMN abort_requested_by VARCHAR(255);
-- The member that received a run and handed it to server_uuid (remote execution policy).
ALTER TABLE wl_execution ADD COLUMN forwarded_by VARCHAR(64);

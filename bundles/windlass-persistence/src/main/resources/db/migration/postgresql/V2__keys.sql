CREATE TABLE wl_key (
    path          VARCHAR(700) NOT NULL PRIMARY KEY,
    key_type      VARCHAR(16)  NOT NULL,
    content       BYTEA        NOT NULL,
    master_key_id VARCHAR(64)  NOT NULL,
    size          BIGINT       NOT NULL,
    version       BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

-- Users and groups of the windlass realm's database login module, shared by every member.
-- Passwords are kept as BCRYPT:$2a$... hashes only.
CREATE TABLE wl_user (
    username       VARCHAR(255)  NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(255)  NOT NULL,
    email          VARCHAR(255),
    first_name     VARCHAR(255),
    last_name      VARCHAR(255),
    enabled        BOOLEAN       NOT NULL,
    created_at     BIGINT        NOT NULL,
    updated_at     BIGINT        NOT NULL
);

CREATE TABLE wl_group (
    name         VARCHAR(255)  NOT NULL PRIMARY KEY,
    description  VARCHAR(1024),
    created_at   BIGINT        NOT NULL
);

CREATE TABLE wl_user_group (
    username    VARCHAR(255)  NOT NULL,
    group_name  VARCHAR(255)  NOT NULL,
    PRIMARY KEY (username, group_name),
    CONSTRAINT fk_user_group_user FOREIGN KEY (username) REFERENCES wl_user (username) ON DELETE CASCADE,
    CONSTRAINT fk_user_group_group FOREIGN KEY (group_name) REFERENCES wl_group (name) ON DELETE CASCADE
);

CREATE TABLE wl_api_token (
    id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    token_hash  VARCHAR(64)   NOT NULL,
    user_name   VARCHAR(255)  NOT NULL,
    creator     VARCHAR(255)  NOT NULL,
    name        VARCHAR(255),
    roles       VARCHAR(4000) NOT NULL,
    expires_at  BIGINT,
    created_at  BIGINT        NOT NULL,
    CONSTRAINT uq_api_token_hash UNIQUE (token_hash)
);

CREATE INDEX ix_api_token_user ON wl_api_token (user_name);

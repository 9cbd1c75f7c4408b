CREATE TABLE wl_project (
    name        VARCHAR(255) NOT NULL PRIMARY KEY,
    properties  CLOB         NOT NULL,
    version     BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

CREATE TABLE wl_project_file (
    project_name VARCHAR(255) NOT NULL,
    file_name    VARCHAR(64)  NOT NULL,
    content      CLOB         NOT NULL,
    updated_at   BIGINT       NOT NULL,
    PRIMARY KEY (project_name, file_name),
    CONSTRAINT fk_project_file_project FOREIGN KEY (project_name) REFERENCES wl_project (name) ON DELETE CASCADE
);

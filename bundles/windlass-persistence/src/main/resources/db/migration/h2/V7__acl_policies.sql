-- Access control policies in Rundeck's aclpolicy format, shared by every member. scope is '' for a
-- system policy, else the project a project policy belongs to.
CREATE TABLE wl_acl_policy (
    scope       VARCHAR(255)  NOT NULL,
    name        VARCHAR(255)  NOT NULL,
    content     CLOB NOT NULL,
    updated_at  BIGINT        NOT NULL,
    PRIMARY KEY (scope, name)
);

-- Moves on at every change of wl_acl_policy: members read the policies again when it moved.
CREATE TABLE wl_acl_version (
    id       INT     NOT NULL PRIMARY KEY,
    version  BIGINT  NOT NULL,
    seeded   BOOLEAN NOT NULL
);

INSERT INTO wl_acl_version (id, version, seeded) VALUES (1, 0, FALSE);

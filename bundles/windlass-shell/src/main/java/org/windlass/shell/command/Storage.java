package org.windlass.shell.command;

import org.windlass.api.project.ProjectService;

/** Fails a command clearly when project storage is not up. */
final class Storage {

    private Storage() {
    }

    static void require(org.windlass.api.storage.KeyStorage keys) {
        if (keys == null) {
            throw new IllegalStateException("key storage is not available: the cluster database cannot be reached or its schema is being updated");
        }
    }

    static void require(ProjectService projects) {
        if (projects == null) {
            throw new IllegalStateException("project storage is not available: the cluster database cannot be reached or its schema is being updated");
        }
    }
}

package org.windlass.shell.command;

import java.util.Map;

import org.windlass.api.Execution;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.AclService;
import org.windlass.api.security.AuthenticatedUser;

/**
 * The access control policies for shell commands: each command asks before it acts, as the REST
 * API does for the same action (docs/acl.md). The local console of the member (no logged-in JAAS
 * subject: someone at the machine) is not checked. While the policies cannot be read, only the
 * admin role passes.
 */
final class ShellAccess {

    private ShellAccess() {
    }

    /** @return the session's user, {@code null} for the local console */
    private static AuthenticatedUser user() {
        try {
            return ShellUser.current();
        } catch (IllegalStateException noSubject) {
            return null;
        }
    }

    /** @param project {@code null} for the application context */
    static void require(AclService acl, String project, String type, Map<String, ?> resource, String action) {
        AuthenticatedUser user = user();
        if (user == null) {
            return;
        }
        if (acl != null) {
            try {
                acl.require(user, project, type, resource, action);
                return;
            } catch (StorageUnavailableException e) {
                // below: the admin role keeps its grant while the policies cannot be read
            }
        }
        if (!user.isAdmin()) {
            throw AclService.denied(user, project, type, resource, action,
                    "the access control policies cannot be read yet, and only the admin role passes until they can");
        }
    }

    static boolean allows(AclService acl, String project, String type, Map<String, ?> resource, String action) {
        try {
            require(acl, project, type, resource, action);
            return true;
        } catch (AccessDeniedException e) {
            return false;
        }
    }

    static void system(AclService acl, String action) {
        require(acl, null, "resource", Map.of("kind", "system"), action);
    }

    static void job(AclService acl, JobDefinition job, String action) {
        if (job != null) {
            require(acl, job.project(), "job", Map.of("uuid", job.uuid(), "name", job.name(), "group", job.group() == null ? "" : job.group()),
                    action);
        }
    }

    static void execution(AclService acl, Execution e, String action) {
        if (e == null) {
            return;
        }
        if (e.jobId() != null) {
            require(acl, e.project(), "job", Map.of("uuid", e.jobId(), "name", e.jobName() == null ? "" : e.jobName(),
                    "group", e.jobGroup() == null ? "" : e.jobGroup()), action);
        } else {
            require(acl, e.project(), "adhoc", Map.of(), action);
        }
    }

    static void storage(AclService acl, String path, String action) {
        String p = path.startsWith("keys") ? path : "keys/" + path;
        require(acl, null, "storage", Map.of("path", p, "name", p.contains("/") ? p.substring(p.lastIndexOf('/') + 1) : p), action);
    }
}

package org.windlass.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;

import org.windlass.api.Node;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.security.AclService;
import org.windlass.api.security.AuthenticatedUser;

/**
 * The authorization of one API request: the caller and the access control policies. Every route
 * asks it before it acts (deny wins; nothing allowing is a deny) and filters lists with it. While
 * the policies cannot be read, only the admin role passes.
 */
final class Guard {

    static final String ATTRIBUTE = "windlass.guard";

    private final AclService acl;
    private final AuthenticatedUser user;

    Guard(AclService acl, AuthenticatedUser user) {
        this.acl = acl;
        this.user = user;
    }

    /** @throws IllegalStateException when the request was not given a guard (a route outside the API servlet) */
    static Guard of(HttpServletRequest req) {
        Guard g = (Guard) req.getAttribute(ATTRIBUTE);
        if (g == null) {
            throw new IllegalStateException("the request has no authorization guard");
        }
        return g;
    }

    AuthenticatedUser user() {
        return user;
    }

    /**
     * @param project {@code null} for the application context
     * @throws ApiException 503 when the policies cannot be read and the user lacks the admin role
     */
    boolean allows(String project, String type, Map<String, ?> resource, String action) {
        if (acl != null) {
            try {
                return acl.decide(user, project, type, resource, action).allowed();
            } catch (StorageUnavailableException e) {
                return unreadable(e);
            }
        }
        return unreadable(null);
    }

    /** @throws org.windlass.api.security.AccessDeniedException naming what was refused and why */
    void require(String project, String type, Map<String, ?> resource, String action) {
        if (acl != null) {
            try {
                acl.require(user, project, type, resource, action);
                return;
            } catch (StorageUnavailableException e) {
                unreadable(e);
                return;
            }
        }
        unreadable(null);
    }

    /**
     * The policies cannot be read (the database has not been reachable since this member started, or
     * the security bundle is stopping): until they can, the admin role keeps the grant the shipped
     * policy gives it, so an operator can still see the member's state; everyone else waits.
     */
    private boolean unreadable(StorageUnavailableException cause) {
        if (user.isAdmin()) {
            return true;
        }
        throw ApiException.unavailable("authorization (the access control policies cannot be read"
                + (cause == null ? "" : ": " + cause.getMessage()) + ")");
    }

    /** Application context: resource of a kind ({@code system}, {@code project}, {@code system_acl}...). */
    void requireSystem(String action) {
        require(null, "resource", kind("system"), action);
    }

    static Map<String, Object> kind(String kind) {
        return Map.of("kind", kind);
    }

    static Map<String, Object> project(String name) {
        return Map.of("name", name);
    }

    static Map<String, Object> job(JobDefinition j) {
        return job(j.uuid(), j.name(), j.group());
    }

    static Map<String, Object> job(String uuid, String name, String group) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", uuid == null ? "" : uuid);
        m.put("name", name == null ? "" : name);
        m.put("group", group == null ? "" : group);
        return m;
    }

    static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>(n.attributes());
        m.put("nodename", n.name());
        m.put("name", n.name());
        m.put("hostname", n.hostname() == null ? "" : n.hostname());
        m.put("username", n.username() == null ? "" : n.username());
        m.put("tags", n.tags());
        return m;
    }

    static Map<String, Object> storage(String path) {
        String p = path.startsWith("keys") ? path : "keys/" + path;
        String name = p.contains("/") ? p.substring(p.lastIndexOf('/') + 1) : p;
        return Map.of("path", p, "name", name);
    }
}

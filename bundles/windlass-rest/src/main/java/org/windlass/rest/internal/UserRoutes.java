package org.windlass.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.security.UserService;

/**
 * The users and groups of the database login module: {@code /system/users[/{name}[/password]]}
 * and {@code /system/groups[/{name}]}. Passwords go in, never out. Managing users asks the
 * policies for {@code resource {kind: user}} (read, create, update, delete); a user may always
 * change its own password.
 */
final class UserRoutes {

    private UserRoutes() {
    }

    static Map<String, Object> json(UserService.User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("login", u.name());
        m.put("email", u.email());
        m.put("firstName", u.firstName());
        m.put("lastName", u.lastName());
        m.put("enabled", u.enabled());
        m.put("groups", List.copyOf(u.groups()));
        return m;
    }

    private static String action(String method) {
        return switch (method) {
            case "GET" -> "read";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> "admin";
        };
    }

    static void users(HttpServletRequest req, HttpServletResponse resp, List<String> rest, UserService users, String full) throws IOException {
        if (users == null) {
            throw ApiException.unavailable("the users of the cluster database");
        }
        Guard guard = Guard.of(req);
        String method = req.getMethod();
        boolean ownPassword = rest.size() == 2 && rest.get(1).equals("password") && rest.get(0).equals(guard.user().name());
        if (!ownPassword) {
            guard.require(null, "resource", Guard.kind("user"), action(method));
        }
        if (rest.isEmpty()) {
            switch (method) {
                case "GET" -> {
                    List<Object> out = new ArrayList<>();
                    users.list().forEach(u -> out.add(json(u)));
                    Json.write(resp, 200, out);
                }
                case "POST" -> {
                    JsonNode body = Json.read(RequestBodies.read(req));
                    String name = text(body, "login") != null ? text(body, "login") : text(body, "name");
                    String password = text(body, "password");
                    if (password == null) {
                        throw ApiException.badRequest("the user needs a \"password\"");
                    }
                    try {
                        UserService.User u = users.create(name, password.toCharArray(), groups(body), text(body, "email"),
                                text(body, "firstName"), text(body, "lastName"));
                        Json.write(resp, 201, json(u));
                    } catch (IllegalStateException e) {
                        throw new ApiException(409, "api.error.item.alreadyexists", e.getMessage());
                    }
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        String name = rest.get(0);
        if (rest.size() == 2 && rest.get(1).equals("password")) {
            if (!method.equals("PUT") && !method.equals("POST")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            String password = text(Json.read(RequestBodies.read(req)), "password");
            if (password == null) {
                throw ApiException.badRequest("the body needs \"password\"");
            }
            users.setPassword(name, password.toCharArray());
            resp.setStatus(204);
            return;
        }
        if (rest.size() != 1) {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        switch (method) {
            case "GET" -> Json.write(resp, 200, json(users.get(name).orElseThrow(() -> ApiException.notFound("no user " + name))));
            case "PUT" -> {
                JsonNode body = Json.read(RequestBodies.read(req));
                Boolean enabled = body.has("enabled") && !body.get("enabled").isNull() ? body.get("enabled").asBoolean() : null;
                Json.write(resp, 200, json(users.update(name, body.has("groups") ? groups(body) : null, text(body, "email"),
                        text(body, "firstName"), text(body, "lastName"), enabled)));
            }
            case "DELETE" -> {
                if (!users.delete(name)) {
                    throw ApiException.notFound("no user " + name);
                }
                resp.setStatus(204);
            }
            default -> throw ApiException.methodNotAllowed(method, full);
        }
    }

    static void groups(HttpServletRequest req, HttpServletResponse resp, List<String> rest, UserService users, String full) throws IOException {
        if (users == null) {
            throw ApiException.unavailable("the users of the cluster database");
        }
        String method = req.getMethod();
        Guard.of(req).require(null, "resource", Guard.kind("user"), action(method));
        if (rest.isEmpty()) {
            switch (method) {
                case "GET" -> {
                    List<Object> out = new ArrayList<>();
                    users.groups().forEach(g -> out.add(Map.of("name", g.name(), "description", g.description() == null ? "" : g.description(),
                            "members", g.members())));
                    Json.write(resp, 200, out);
                }
                case "POST" -> {
                    JsonNode body = Json.read(RequestBodies.read(req));
                    try {
                        UserService.Group g = users.createGroup(text(body, "name"), text(body, "description"));
                        Json.write(resp, 201, Map.of("name", g.name(), "members", 0));
                    } catch (IllegalStateException e) {
                        throw new ApiException(409, "api.error.item.alreadyexists", e.getMessage());
                    }
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        if (rest.size() == 1 && method.equals("DELETE")) {
            if (!users.deleteGroup(rest.get(0))) {
                throw ApiException.notFound("no group " + rest.get(0));
            }
            resp.setStatus(204);
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static Set<String> groups(JsonNode body) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode g = body.get("groups");
        if (g == null || g.isNull()) {
            return out;
        }
        if (g.isArray()) {
            g.forEach(n -> out.add(n.asText()));
        } else if (g.isTextual()) {
            for (String s : g.asText().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        } else {
            throw ApiException.badRequest("groups must be a list or a comma-separated string");
        }
        return out;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}

package org.windlass.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.security.AclService;

/**
 * Rundeck's ACL API: {@code /system/acl/[NAME.aclpolicy]} for system policies and
 * {@code /project/{p}/acl/[NAME.aclpolicy]} for a project's own. GET lists or reads; POST creates
 * (409 when it exists); PUT replaces (404 when it does not); DELETE removes. A body is the policy's
 * YAML ({@code application/yaml}, {@code text/plain}) or {@code {"contents": "..."}}; a policy
 * that is not valid is refused with 400 naming the line and the rule, and nothing stored changes.
 */
final class AclRoutes {

    private AclRoutes() {
    }

    /**
     * @param project {@code null} for the system policies
     * @param rest    the path after {@code acl}: empty (the list) or one name
     */
    static void handle(HttpServletRequest req, HttpServletResponse resp, int version, String project, List<String> rest,
                       AclService acl, String full) throws IOException {
        if (acl == null) {
            throw ApiException.unavailable("the access control policies");
        }
        Guard guard = Guard.of(req);
        String method = req.getMethod();
        String action = switch (method) {
            case "GET" -> "read";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "DELETE" -> "delete";
            default -> throw ApiException.methodNotAllowed(method, full);
        };
        if (project == null) {
            guard.require(null, "resource", Guard.kind("system_acl"), action);
        } else {
            guard.require(null, "project_acl", Guard.project(project), action);
        }
        String base = ProjectRoutes.baseUrl(req) + "/api/" + version + (project == null ? "/system/acl/" : "/project/" + project + "/acl/");
        if (rest.isEmpty()) {
            JobRoutes.requireGet(method, full);
            List<Object> resources = new ArrayList<>();
            for (String name : acl.list(project)) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("path", name);
                r.put("type", "file");
                r.put("name", name);
                r.put("href", base + name);
                resources.add(r);
            }
            Map<String, Object> dir = new LinkedHashMap<>();
            dir.put("path", "");
            dir.put("type", "directory");
            dir.put("href", base);
            dir.put("resources", resources);
            Json.write(resp, 200, dir);
            return;
        }
        if (rest.size() != 1) {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        String name = rest.get(0);
        switch (method) {
            case "GET" -> {
                String text = acl.get(project, name).orElseThrow(() -> ApiException.notFound("policy " + name + " does not exist"));
                String accept = req.getHeader("Accept");
                if (accept != null && (accept.contains("yaml") || accept.contains("text/plain"))) {
                    resp.setStatus(200);
                    resp.setContentType("application/yaml");
                    resp.setCharacterEncoding("UTF-8");
                    resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                } else {
                    Json.write(resp, 200, Map.of("contents", text));
                }
            }
            case "POST", "PUT" -> {
                String text = body(req);
                boolean exists = acl.get(project, name).isPresent();
                if (method.equals("POST") && exists) {
                    throw new ApiException(409, "api.error.item.alreadyexists", "policy " + name + " already exists; PUT replaces it");
                }
                if (method.equals("PUT") && !exists) {
                    throw ApiException.notFound("policy " + name + " does not exist; POST creates it");
                }
                try {
                    acl.validate(project, name, text);
                } catch (IllegalArgumentException e) {
                    Map<String, Object> invalid = new LinkedHashMap<>();
                    invalid.put("valid", false);
                    invalid.put("error", true);
                    invalid.put("message", e.getMessage());
                    invalid.put("policies", List.of(Map.of("policy", name, "errors", List.of(e.getMessage()))));
                    Json.write(resp, 400, invalid);
                    return;
                }
                acl.put(project, name, text);
                Json.write(resp, method.equals("POST") ? 201 : 200, Map.of("contents", text));
            }
            case "DELETE" -> {
                if (!acl.delete(project, name)) {
                    throw ApiException.notFound("policy " + name + " does not exist");
                }
                resp.setStatus(204);
            }
            default -> throw ApiException.methodNotAllowed(method, full);
        }
    }

    private static String body(HttpServletRequest req) throws IOException {
        byte[] raw = RequestBodies.read(req);
        String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/json")) {
            JsonNode node = Json.read(raw);
            JsonNode contents = node.get("contents");
            if (contents == null || !contents.isTextual()) {
                throw ApiException.badRequest("the JSON body needs \"contents\": the policy's YAML text");
            }
            return contents.asText();
        }
        return new String(raw, StandardCharsets.UTF_8);
    }
}

package org.windlass.rest.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.Project;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;

/**
 * Rundeck's project endpoints: {@code /projects}, {@code /project/{name}},
 * {@code /project/{name}/config[/{key}]}, {@code /project/{name}/{readme.md|motd.md|known_hosts}}.
 */
final class ProjectRoutes {

    private ProjectRoutes() {
    }

    static void handle(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p, ProjectService projects,
                       String full) throws IOException {
        if (projects == null) {
            throw ApiException.unavailable("project storage");
        }
        String method = req.getMethod();
        if (p.get(0).equals("projects")) {
            if (p.size() != 1) {
                throw ApiException.notFound("no API endpoint at " + full);
            }
            switch (method) {
                case "GET" -> {
                    Guard guard = Guard.of(req);
                    List<Object> out = projects.list().stream()
                            .filter(pr -> guard.allows(null, "project", Guard.project(pr.name()), "read"))
                            .map(pr -> (Object) summary(req, version, pr)).toList();
                    Json.write(resp, 200, out);
                }
                case "POST" -> {
                    JsonNode body = readJson(req);
                    JsonNode name = body.get("name");
                    if (name == null || !name.isTextual() || name.asText().isBlank()) {
                        throw ApiException.badRequest("the project needs a \"name\"");
                    }
                    Map<String, String> config = stringMap(body.get("config"), "config");
                    if (body.hasNonNull("description")) {
                        config.put("project.description", body.get("description").asText());
                    }
                    if (body.hasNonNull("label")) {
                        config.put("project.label", body.get("label").asText());
                    }
                    Project created = projects.create(name.asText(), config);
                    Json.write(resp, 201, detail(req, version, created));
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        // project/{name}[/...]
        if (p.size() < 2) {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        String name = p.get(1);
        if (p.size() == 2) {
            switch (method) {
                case "GET" -> Json.write(resp, 200, detail(req, version, projects.get(name).orElseThrow(() -> new ProjectNotFoundException(name))));
                case "DELETE" -> {
                    projects.delete(name);
                    resp.setStatus(204);
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        String sub = p.get(2);
        if (sub.equals("config") && p.size() == 3) {
            switch (method) {
                case "GET" -> Json.write(resp, 200, projects.get(name).orElseThrow(() -> new ProjectNotFoundException(name)).properties());
                case "PUT" -> Json.write(resp, 200, projects.replaceProperties(name, stringMap(readJson(req), "the body")).properties());
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        if (sub.equals("config") && p.size() == 4) {
            String key = p.get(3);
            switch (method) {
                case "GET" -> {
                    String value = projects.get(name).orElseThrow(() -> new ProjectNotFoundException(name)).properties().get(key);
                    if (value == null) {
                        throw ApiException.notFound("property " + key + " is not set in project " + name);
                    }
                    Json.write(resp, 200, keyValue(key, value));
                }
                case "PUT" -> {
                    String value;
                    if (isJson(req)) {
                        JsonNode v = readJson(req).get("value");
                        if (v == null || v.isNull() || v.isContainerNode()) {
                            throw ApiException.badRequest("the body must be {\"value\": \"...\"}");
                        }
                        value = v.asText();
                    } else {
                        value = new String(RequestBodies.read(req), StandardCharsets.UTF_8);
                    }
                    String stored = projects.setProperty(name, key, value).properties().get(key);
                    Json.write(resp, 200, keyValue(key, stored));
                }
                case "DELETE" -> {
                    projects.removeProperty(name, key);
                    resp.setStatus(204);
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        if (p.size() == 3 && ProjectService.FILE_NAMES.contains(sub)) {
            switch (method) {
                case "GET" -> {
                    String text = projects.readFile(name, sub).orElseThrow(() -> ApiException.notFound("project " + name + " has no " + sub));
                    if (isJsonAccepted(req)) {
                        Json.write(resp, 200, Map.of("contents", text));
                    } else {
                        resp.setStatus(200);
                        resp.setContentType("text/plain");
                        resp.setCharacterEncoding("UTF-8");
                        resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                    }
                }
                case "PUT" -> {
                    String text;
                    if (isJson(req)) {
                        JsonNode c = readJson(req).get("contents");
                        if (c == null || !c.isTextual()) {
                            throw ApiException.badRequest("the body must be {\"contents\": \"...\"}");
                        }
                        text = c.asText();
                    } else {
                        text = new String(RequestBodies.read(req), StandardCharsets.UTF_8);
                    }
                    if (sub.equals("known_hosts")) {
                        KnownHostsText.check(text);
                    }
                    projects.writeFile(name, sub, text);
                    Json.write(resp, 200, Map.of("contents", text));
                }
                case "DELETE" -> {
                    if (!projects.deleteFile(name, sub)) {
                        throw ApiException.notFound("project " + name + " has no " + sub);
                    }
                    resp.setStatus(204);
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static Map<String, Object> keyValue(String key, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value);
        return m;
    }

    static Map<String, Object> summary(HttpServletRequest req, int version, Project p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", baseUrl(req) + "/api/" + version + "/project/" + p.name());
        m.put("name", p.name());
        m.put("description", p.description() == null ? "" : p.description());
        if (p.label() != null) {
            m.put("label", p.label());
        }
        return m;
    }

    static Map<String, Object> detail(HttpServletRequest req, int version, Project p) {
        Map<String, Object> m = summary(req, version, p);
        m.put("config", new TreeMap<>(p.properties()));
        return m;
    }

    /** The cluster's public URL (the load balancer's) when configured; links in answers start with it. */
    static volatile String publicUrl;

    static String baseUrl(HttpServletRequest req) {
        String configured = publicUrl;
        if (configured != null) {
            return configured;
        }
        return req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
    }

    private static boolean isJson(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.toLowerCase().startsWith("application/json");
    }

    private static boolean isJsonAccepted(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static JsonNode readJson(HttpServletRequest req) throws IOException {
        return Json.read(RequestBodies.read(req));
    }

    private static Map<String, String> stringMap(JsonNode node, String what) {
        Map<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object of strings");
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw ApiException.badRequest(what + ": the value of " + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
        });
        return out;
    }
}

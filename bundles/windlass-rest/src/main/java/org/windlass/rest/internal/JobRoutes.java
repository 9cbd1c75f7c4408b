package org.windlass.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.Execution;
import org.windlass.api.LogLevel;
import org.windlass.api.execution.ExecutionQuery;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.RunRequest;
import org.windlass.api.job.ImportResult;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobFormatException;
import org.windlass.api.job.JobService;
import org.windlass.api.security.AuthenticatedUser;

/**
 * Rundeck's job endpoints: {@code /project/{p}/jobs}, {@code /project/{p}/jobs/export},
 * {@code /project/{p}/jobs/import}, {@code /job/{id}}, {@code /job/{id}/run},
 * {@code /job/{id}/executions}, {@code /job/{id}/execution|schedule/enable|disable}.
 */
final class JobRoutes {

    /** Largest job document an import reads. */
    static final int IMPORT_LIMIT = 16 * 1024 * 1024;

    private JobRoutes() {
    }

    /** /project/{p}/jobs[/export|/import] */
    static void project(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p, JobService jobs,
                        AuthenticatedUser user,
                        String full) throws IOException {
        if (jobs == null) {
            throw ApiException.unavailable("job storage");
        }
        String project = p.get(1);
        String method = req.getMethod();
        if (p.size() == 3) {
            requireGet(method, full);
            JobService.Query q = new JobService.Query(req.getParameter("groupPath"), req.getParameter("jobFilter"),
                    ids(req), req.getParameter("scheduledFilter") == null ? null : Boolean.valueOf(req.getParameter("scheduledFilter")));
            List<Object> out = new ArrayList<>();
            Guard guard = Guard.of(req);
            for (JobDefinition j : jobs.list(project, q)) {
                if (guard.allows(project, "job", Guard.job(j), "read")) {
                    out.add(summary(req, version, j));
                }
            }
            Json.write(resp, 200, out);
            return;
        }
        if (p.size() == 4 && p.get(3).equals("export")) {
            requireGet(method, full);
            JobFormat format = format(req.getParameter("format"), JobFormat.XML);
            Guard guard = Guard.of(req);
            List<JobDefinition> list = jobs.list(project, new JobService.Query(req.getParameter("groupPath"),
                    req.getParameter("jobFilter"), ids(req), null)).stream()
                    .filter(j -> guard.allows(project, "job", Guard.job(j), "read")).toList();
            resp.setStatus(200);
            resp.setContentType(format.mediaType());
            resp.setCharacterEncoding("UTF-8");
            jobs.write(list, format, resp.getOutputStream());
            return;
        }
        if (p.size() == 4 && p.get(3).equals("import")) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            importJobs(req, resp, version, project, jobs, user);
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static void importJobs(HttpServletRequest req, HttpServletResponse resp, int version, String project,
                                   JobService jobs, AuthenticatedUser user) throws IOException {
        String contentType = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
        byte[] body;
        Map<String, String> form = Map.of();
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            form = formParams(RequestBodies.read(req, IMPORT_LIMIT, "the job document"));
            String batch = form.get("xmlBatch");
            if (batch == null) {
                throw ApiException.badRequest("the form has no xmlBatch field with the job document");
            }
            body = batch.getBytes(StandardCharsets.UTF_8);
        } else if (contentType.startsWith("multipart/form-data")) {
            try {
                javax.servlet.http.Part part = req.getPart("xmlBatch");
                if (part == null) {
                    throw ApiException.badRequest("the multipart request has no xmlBatch part with the job document");
                }
                if (part.getSize() > IMPORT_LIMIT) {
                    throw new ApiException(413, "api.error.request.toolarge", "the job document exceeds " + IMPORT_LIMIT + " bytes");
                }
                body = part.getInputStream().readAllBytes();
            } catch (javax.servlet.ServletException | IllegalStateException e) {
                throw ApiException.badRequest("the multipart request cannot be read: " + e.getMessage());
            }
        } else {
            body = RequestBodies.read(req, IMPORT_LIMIT, "the job document");
        }
        String formatParam = param(req, form, "fileformat", param(req, form, "format", null));
        JobFormat fallback = contentType.contains("yaml") ? JobFormat.YAML : contentType.contains("json") ? JobFormat.JSON : JobFormat.XML;
        JobFormat format = format(formatParam, fallback);
        JobService.DupeOption dupe = option(JobService.DupeOption.class, param(req, form, "dupeOption", "create"), "dupeOption");
        JobService.UuidOption uuids = option(JobService.UuidOption.class, param(req, form, "uuidOption", "preserve"), "uuidOption");
        ImportResult result;
        try {
            Guard guard = Guard.of(req);
            result = jobs.importJobs(project, format, new ByteArrayInputStream(body), dupe, uuids, user.name(),
                    existing -> guard.allows(existing.project(), "job", Guard.job(existing), "update") ? null
                            : "user '" + user.name() + "' may not update job '" + existing.fullName() + "'");
        } catch (JobFormatException e) {
            throw new ApiException(400, "api.error.jobs.import.invalid", "the " + format.name().toLowerCase(Locale.ROOT)
                    + " job document is invalid: " + e.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("succeeded", entries(req, version, result.succeeded()));
        out.put("failed", entries(req, version, result.failed()));
        out.put("skipped", entries(req, version, result.skipped()));
        out.put("warnings", result.warnings());
        Json.write(resp, 200, out);
    }

    private static List<Object> entries(HttpServletRequest req, int version, List<ImportResult.Entry> list) {
        List<Object> out = new ArrayList<>();
        for (ImportResult.Entry e : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            m.put("id", e.id());
            m.put("name", e.name());
            m.put("group", e.group());
            m.put("project", e.project());
            if (e.id() != null && e.error() == null) {
                m.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/job/" + e.id());
                m.put("permalink", ProjectRoutes.baseUrl(req) + "/project/" + e.project() + "/job/show/" + e.id());
            }
            if (e.error() != null) {
                m.put("error", e.error());
            }
            out.add(m);
        }
        return out;
    }

    /** /job/{id}[/run|/executions|/execution/enable|...] */
    static void job(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p, JobService jobs,
                    ExecutionService executions, AuthenticatedUser user, String full) throws IOException {
        if (jobs == null) {
            throw ApiException.unavailable("job storage");
        }
        if (p.size() < 2) {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        String id = p.get(1);
        String method = req.getMethod();
        if (p.size() == 3 && p.get(2).equals("run") || p.size() == 3 && p.get(2).equals("executions") && method.equals("POST")) {
            // the engine reads the job itself (404 when it does not exist): one read of it per run
            if (executions == null) {
                throw ApiException.unavailable("the execution engine");
            }
            if (!method.equals("POST") && !method.equals("GET")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            Execution e = executions.runJob(id, runRequest(req, user));
            Json.write(resp, 200, ExecutionRoutes.executionJson(req, version, e));
            return;
        }
        JobDefinition job = jobs.get(id).orElseThrow(() -> ApiException.notFound("Job ID does not exist: " + id));
        if (p.size() == 2) {
            switch (method) {
                case "GET" -> {
                    JobFormat format = format(req.getParameter("format"), acceptFormat(req));
                    resp.setStatus(200);
                    resp.setContentType(format.mediaType());
                    resp.setCharacterEncoding("UTF-8");
                    jobs.write(List.of(job), format, resp.getOutputStream());
                }
                case "DELETE" -> {
                    jobs.delete(id);
                    resp.setStatus(204);
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        String sub = p.get(2);
        if (executions == null && (sub.equals("run") || sub.equals("executions"))) {
            throw ApiException.unavailable("the execution engine");
        }
        if (sub.equals("retry") && p.size() == 4) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            long previousId;
            try {
                previousId = Long.parseLong(p.get(3));
            } catch (NumberFormatException ex) {
                throw ApiException.notFound("Execution ID does not exist: " + p.get(3));
            }
            Execution e = executions.retryJob(id, previousId, runRequest(req, user), Boolean.parseBoolean(req.getParameter("failedNodes")));
            Json.write(resp, 200, ExecutionRoutes.executionJson(req, version, e));
            return;
        }
        if (sub.equals("executions") && p.size() == 3) {
            requireGet(method, full);
            ExecutionQuery q = new ExecutionQuery(job.project(), List.of(id), ExecutionRoutes.states(req.getParameter("status")),
                    null, null, null, null, ExecutionRoutes.intParam(req, "offset", 0), ExecutionRoutes.intParam(req, "max", 20));
            Json.write(resp, 200, ExecutionRoutes.page(req, version, executions.query(q)));
            return;
        }
        if ((sub.equals("execution") || sub.equals("schedule")) && p.size() == 4
                && (p.get(3).equals("enable") || p.get(3).equals("disable"))) {
            if (!method.equals("POST")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            boolean on = p.get(3).equals("enable");
            jobs.setEnabled(id, sub.equals("execution") ? on : null, sub.equals("schedule") ? on : null);
            Json.write(resp, 200, Map.of("success", true));
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static RunRequest runRequest(HttpServletRequest req, AuthenticatedUser user) throws IOException {
        String argString = req.getParameter("argString");
        String loglevel = req.getParameter("loglevel");
        String filter = req.getParameter("filter");
        String runAtTime = req.getParameter("runAtTime");
        Map<String, String> options = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> {
            if (k.startsWith("option.") && v.length > 0) {
                options.put(k.substring("option.".length()), v[0]);
            }
        });
        String type = req.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            JsonNode body = Json.read(RequestBodies.read(req));
            if (body.hasNonNull("argString")) {
                argString = body.get("argString").asText();
            }
            if (body.hasNonNull("loglevel")) {
                loglevel = body.get("loglevel").asText();
            }
            if (body.hasNonNull("filter")) {
                filter = body.get("filter").asText();
            }
            if (body.has("options")) {
                if (!body.get("options").isObject()) {
                    throw ApiException.badRequest("\"options\" must be an object of option names to values");
                }
                body.get("options").fields().forEachRemaining(e -> options.put(e.getKey(),
                        e.getValue().isArray() ? joinArray(e.getValue()) : e.getValue().asText()));
            }
            if (body.hasNonNull("runAtTime")) {
                runAtTime = body.get("runAtTime").asText();
            }
        }
        return new RunRequest(user.name(), argString, options, logLevel(loglevel), filter, runAtTime(runAtTime));
    }

    /** Rundeck's runAtTime: ISO-8601 with an offset ({@code 2026-11-25T10:00:00+01:00} or {@code ...Z}). */
    static java.time.Instant runAtTime(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                // Rundeck also accepts the offset without a colon: 2026-11-25T10:00:00+0100 or .000+0100
                return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX")
                        .parse(text.trim(), java.time.OffsetDateTime::from).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                throw ApiException.badRequest("runAtTime '" + text + "' is not an ISO-8601 date-time with an offset, "
                        + "such as 2026-11-25T10:00:00Z or 2026-11-25T10:00:00+01:00");
            }
        }
    }

    private static String joinArray(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(",", values);
    }

    static LogLevel logLevel(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        if (n.equals("INFO")) {
            return LogLevel.NORMAL;
        }
        try {
            return LogLevel.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown loglevel '" + name + "' (DEBUG, VERBOSE, INFO, WARN, ERROR)");
        }
    }

    static Map<String, Object> summary(HttpServletRequest req, int version, JobDefinition j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.uuid());
        m.put("name", j.name());
        m.put("group", j.group());
        m.put("project", j.project());
        m.put("description", j.description() == null ? "" : j.description());
        m.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/job/" + j.uuid());
        m.put("permalink", ProjectRoutes.baseUrl(req) + "/project/" + j.project() + "/job/show/" + j.uuid());
        m.put("scheduled", j.schedule() != null);
        m.put("scheduleEnabled", j.scheduleEnabled());
        m.put("enabled", j.executionEnabled());
        return m;
    }

    private static List<String> ids(HttpServletRequest req) {
        String idlist = req.getParameter("idlist");
        if (idlist == null || idlist.isBlank()) {
            return List.of();
        }
        return Arrays.stream(idlist.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static JobFormat format(String param, JobFormat fallback) {
        if (param == null || param.isBlank()) {
            return fallback;
        }
        try {
            return JobFormat.parse(param);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static JobFormat acceptFormat(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        if (accept == null) {
            return JobFormat.XML;
        }
        if (accept.contains("yaml")) {
            return JobFormat.YAML;
        }
        if (accept.contains("application/json")) {
            return JobFormat.JSON;
        }
        return JobFormat.XML;
    }

    private static <E extends Enum<E>> E option(Class<E> type, String value, String name) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown " + name + " '" + value + "' (" + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ")");
        }
    }

    private static String param(HttpServletRequest req, Map<String, String> form, String name, String fallback) {
        String v = req.getParameter(name);
        if (v == null) {
            v = form.get(name);
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    static Map<String, String> formParams(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static void requireGet(String method, String full) {
        if (!method.equals("GET")) {
            throw ApiException.methodNotAllowed(method, full);
        }
    }

}

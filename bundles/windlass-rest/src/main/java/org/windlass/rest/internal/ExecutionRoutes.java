package org.windlass.rest.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogEvent;
import org.windlass.api.execution.AdhocRequest;
import org.windlass.api.execution.ExecutionNotFoundException;
import org.windlass.api.execution.ExecutionQuery;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.WorkflowState;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.spi.LogStore;

/**
 * Rundeck's execution endpoints: {@code /execution/{id}[/state|/output|/abort]},
 * {@code /project/{p}/executions[/running]}, {@code /project/{p}/run/command|script}.
 */
final class ExecutionRoutes {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    /** Events per output request when the client does not say. */
    private static final int DEFAULT_MAX_EVENTS = 5000;

    private ExecutionRoutes() {
    }

    static void execution(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p,
                          ExecutionService executions, AuthenticatedUser user, String full) throws IOException {
        if (executions == null) {
            throw ApiException.unavailable("the execution engine");
        }
        if (p.size() < 2) {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        long id = executionId(p.get(1));
        String method = req.getMethod();
        if (p.size() == 2) {
            switch (method) {
                case "GET" -> Json.write(resp, 200, executionJson(req, version, require(executions, id)));
                case "DELETE" -> {
                    if (!executions.delete(id)) {
                        throw notFound(id);
                    }
                    resp.setStatus(204);
                }
                default -> throw ApiException.methodNotAllowed(method, full);
            }
            return;
        }
        String sub = p.get(2);
        switch (sub) {
            case "state" -> {
                JobRoutes.requireGet(method, full);
                Execution e = require(executions, id);
                Json.write(resp, 200, stateJson(e, executions.workflowState(id)));
            }
            case "output", "output.json", "output.txt" -> {
                JobRoutes.requireGet(method, full);
                // /output[/node/{node}][/step/{stepctx}]: only that node's or step's entries
                String node = null;
                String step = null;
                for (int i = 3; i + 1 < p.size(); i += 2) {
                    switch (p.get(i)) {
                        case "node" -> node = p.get(i + 1);
                        case "step" -> step = String.join("/", p.subList(i + 1, p.size()));
                        default -> throw ApiException.notFound("no API endpoint at " + full);
                    }
                    if ("step".equals(p.get(i))) {
                        break;
                    }
                }
                if (p.size() > 3 && node == null && step == null) {
                    throw ApiException.notFound("no API endpoint at " + full);
                }
                output(req, resp, id, executions, sub.endsWith(".txt") || acceptsText(req), node, step);
            }
            case "abort" -> {
                if (!method.equals("GET") && !method.equals("POST")) {
                    throw ApiException.methodNotAllowed(method, full);
                }
                ExecutionService.AbortResult r = executions.abort(id, user.name());
                Map<String, Object> abort = new LinkedHashMap<>();
                abort.put("status", r.status());
                if (r.reason() != null) {
                    abort.put("reason", r.reason());
                }
                Map<String, Object> exec = new LinkedHashMap<>();
                exec.put("id", Long.toString(id));
                exec.put("status", r.execution().state().apiName());
                exec.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/execution/" + id);
                exec.put("permalink", permalink(req, r.execution()));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("abort", abort);
                out.put("execution", exec);
                Json.write(resp, 200, out);
            }
            default -> throw ApiException.notFound("no API endpoint at " + full);
        }
    }

    /** /project/{p}/executions[/running] and /project/{p}/run/command|script */
    static void project(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p,
                        ExecutionService executions, AuthenticatedUser user, String full) throws IOException {
        if (executions == null) {
            throw ApiException.unavailable("the execution engine");
        }
        String project = p.get(1);
        String method = req.getMethod();
        if (p.get(2).equals("executions")) {
            JobRoutes.requireGet(method, full);
            boolean running = p.size() == 4 && p.get(3).equals("running");
            if (p.size() > 4 || (p.size() == 4 && !running)) {
                throw ApiException.notFound("no API endpoint at " + full);
            }
            List<ExecutionState> states = running ? List.of(ExecutionState.RUNNING) : states(req.getParameter("statusFilter"));
            Instant begin = null;
            if (req.getParameter("recentFilter") != null) {
                begin = Instant.now().minus(recent(req.getParameter("recentFilter")));
            }
            if (req.getParameter("begin") != null) {
                begin = instant(req.getParameter("begin"), "begin");
            }
            Instant end = req.getParameter("end") == null ? null : instant(req.getParameter("end"), "end");
            String adhocParam = req.getParameter("adhoc");
            List<String> jobIds = new ArrayList<>();
            if (req.getParameter("jobIdListFilter") != null) {
                for (String v : req.getParameterValues("jobIdListFilter")) {
                    for (String s : v.split(",")) {
                        if (!s.isBlank()) {
                            jobIds.add(s.trim());
                        }
                    }
                }
            }
            ExecutionQuery q = new ExecutionQuery(project, jobIds, states, adhocParam == null ? null : Boolean.valueOf(adhocParam),
                    req.getParameter("userFilter"), begin, end, intParam(req, "offset", 0), intParam(req, "max", running ? 0 : 20));
            Json.write(resp, 200, page(req, version, executions.query(q)));
            return;
        }
        if (p.get(2).equals("run") && p.size() == 4 && (p.get(3).equals("command") || p.get(3).equals("script"))) {
            if (!method.equals("POST") && !method.equals("GET")) {
                throw ApiException.methodNotAllowed(method, full);
            }
            Map<String, String> params = new LinkedHashMap<>();
            req.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
            String type = req.getContentType() == null ? "" : req.getContentType().toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                JsonNode body = Json.read(RequestBodies.read(req, JobRoutes.IMPORT_LIMIT, "the request body"));
                body.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            } else if (type.startsWith("multipart/form-data") && p.get(3).equals("script")) {
                try {
                    javax.servlet.http.Part part = req.getPart("scriptFile");
                    if (part != null) {
                        params.put("script", new String(part.getInputStream().readNBytes(JobRoutes.IMPORT_LIMIT), java.nio.charset.StandardCharsets.UTF_8));
                    }
                } catch (javax.servlet.ServletException | IllegalStateException e) {
                    throw ApiException.badRequest("the multipart request cannot be read: " + e.getMessage());
                }
            }
            boolean script = p.get(3).equals("script");
            String exec = script ? null : params.get("exec");
            String text = script ? params.get("script") : null;
            if (!script && (exec == null || exec.isBlank())) {
                throw ApiException.badRequest("run/command needs \"exec\", the command to run");
            }
            if (script && (text == null || text.isBlank())) {
                throw ApiException.badRequest("run/script needs the script, as \"script\" or a multipart \"scriptFile\"");
            }
            int threads = params.containsKey("nodeThreadcount") && !params.get("nodeThreadcount").isBlank()
                    ? parseInt(params.get("nodeThreadcount"), "nodeThreadcount") : 1;
            if (threads < 1) {
                throw ApiException.badRequest("nodeThreadcount must be at least 1");
            }
            Execution e = executions.runAdhoc(project, new AdhocRequest(user.name(), exec, text, params.get("argString"),
                    params.get("scriptInterpreter"), Boolean.parseBoolean(params.get("interpreterArgsQuoted")),
                    params.get("fileExtension"), params.get("filter"), threads,
                    Boolean.parseBoolean(params.getOrDefault("nodeKeepgoing", "false")), JobRoutes.logLevel(params.get("loglevel"))));
            Map<String, Object> exec2 = new LinkedHashMap<>();
            exec2.put("id", e.id());
            exec2.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/execution/" + e.id());
            exec2.put("permalink", permalink(req, e));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("message", "Immediate execution scheduled (" + e.id() + ")");
            out.put("execution", exec2);
            Json.write(resp, 200, out);
            return;
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    private static void output(HttpServletRequest req, HttpServletResponse resp, long id, ExecutionService executions,
                               boolean text, String node, String step) throws IOException {
        Execution e = require(executions, id);
        long offset = longParam(req, "offset", 0);
        int lastlines = intParam(req, "lastlines", 0);
        int maxlines = intParam(req, "maxlines", DEFAULT_MAX_EVENTS);
        LogStore.Slice slice = lastlines > 0 ? executions.outputTail(id, lastlines)
                : executions.output(id, offset, Math.max(1, maxlines));
        long total = executions.outputSize(id);
        List<LogEvent> events = slice.events();
        if (node != null || step != null) {
            events = events.stream().filter(ev -> (node == null || node.equals(ev.node()))
                    && (step == null || step.equals(ev.stepContext()) || (ev.stepContext() != null && ev.stepContext().startsWith(step + "/"))))
                    .toList();
        }
        if (text) {
            resp.setStatus(200);
            resp.setContentType("text/plain");
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("X-Rundeck-ExecOutput-Offset", Long.toString(slice.nextOffset()));
            resp.setHeader("X-Rundeck-ExecOutput-Completed", Boolean.toString(slice.complete()));
            resp.setHeader("X-Rundeck-Exec-Completed", Boolean.toString(e.state().isTerminal()));
            resp.setHeader("X-Rundeck-Exec-State", e.state().apiName());
            PrintWriter w = resp.getWriter();
            for (LogEvent ev : events) {
                w.write(ev.message());
                w.write('\n');
            }
            w.flush();
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Long.toString(id));
        out.put("offset", Long.toString(slice.nextOffset()));
        out.put("completed", slice.complete());
        out.put("execCompleted", e.state().isTerminal());
        out.put("hasFailedNodes", !e.failedNodes().isEmpty());
        out.put("execState", e.state().apiName());
        out.put("lastModified", Long.toString(System.currentTimeMillis()));
        out.put("execDuration", duration(e));
        out.put("percentLoaded", total == 0 ? 100.0 : Math.min(100.0, 100.0 * slice.nextOffset() / total));
        out.put("totalSize", total);
        out.put("retryBackoff", 0);
        out.put("clusterExec", false);
        out.put("serverNodeUUID", e.serverUuid());
        out.put("compacted", false);
        if (node != null) {
            out.put("filter", step == null ? Map.of("nodename", node) : Map.of("nodename", node, "stepctx", step));
        } else if (step != null) {
            out.put("filter", Map.of("stepctx", step));
        }
        List<Object> entries = new ArrayList<>(events.size());
        for (LogEvent ev : events) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", CLOCK.format(ev.time()));
            m.put("absolute_time", ev.time().toString());
            m.put("level", ev.level().name());
            m.put("log", ev.message());
            m.put("user", ev.metadata().get("user"));
            m.put("command", ev.metadata().get("command"));
            m.put("stepctx", ev.stepContext());
            m.put("node", ev.node());
            m.put("type", ev.type());
            entries.add(m);
        }
        out.put("entries", entries);
        Json.write(resp, 200, out);
    }

    private static boolean acceptsText(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return accept != null && accept.startsWith("text/plain");
    }

    private static long duration(Execution e) {
        if (e.started() == null) {
            return 0;
        }
        return Duration.between(e.started(), e.ended() == null ? Instant.now() : e.ended()).toMillis();
    }

    static Map<String, Object> page(HttpServletRequest req, int version, ExecutionQuery.Page page) {
        Map<String, Object> paging = new LinkedHashMap<>();
        paging.put("count", page.executions().size());
        paging.put("total", page.total());
        paging.put("offset", page.offset());
        paging.put("max", page.max());
        List<Object> list = new ArrayList<>();
        for (Execution e : page.executions()) {
            list.add(executionJson(req, version, e));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("paging", paging);
        out.put("executions", list);
        return out;
    }

    static Map<String, Object> executionJson(HttpServletRequest req, int version, Execution e) {
        String base = ProjectRoutes.baseUrl(req);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("href", base + "/api/" + version + "/execution/" + e.id());
        m.put("permalink", permalink(req, e));
        m.put("status", e.state().apiName());
        m.put("customStatus", null);
        m.put("project", e.project());
        m.put("executionType", e.retryAttempt() > 0 && Execution.USER.equals(e.executionType()) ? "user-retry" : e.executionType());
        m.put("user", e.user());
        if (e.started() != null) {
            m.put("date-started", date(e.started()));
        }
        if (e.ended() != null) {
            m.put("date-ended", date(e.ended()));
        }
        if (e.jobId() != null) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", e.jobId());
            j.put("name", e.jobName());
            j.put("group", e.jobGroup() == null ? "" : e.jobGroup());
            j.put("project", e.project());
            j.put("description", e.description() == null ? "" : e.description());
            j.put("href", base + "/api/" + version + "/job/" + e.jobId());
            j.put("permalink", base + "/project/" + e.project() + "/job/show/" + e.jobId());
            m.put("job", j);
        }
        m.put("description", e.description() == null ? "" : e.description());
        m.put("argstring", e.argString());
        m.put("loglevel", e.loglevel() == org.windlass.api.LogLevel.NORMAL ? "INFO" : e.loglevel().name());
        m.put("filter", e.filter());
        m.put("serverUUID", e.serverUuid());
        m.put("retryAttempt", e.retryAttempt());
        if (e.retryOf() != null) {
            m.put("retriedExecution", Map.of("id", e.retryOf(), "href", base + "/api/" + version + "/execution/" + e.retryOf()));
        }
        if (e.abortedBy() != null) {
            m.put("abortedby", e.abortedBy());
        }
        if (e.reason() != null) {
            m.put("reason", e.reason());
        }
        if (e.state().isTerminal()) {
            m.put("successfulNodes", e.succeededNodes());
            m.put("failedNodes", e.failedNodes());
        }
        return m;
    }

    private static Map<String, Object> date(Instant t) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("unixtime", t.toEpochMilli());
        d.put("date", t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return d;
    }

    private static String permalink(HttpServletRequest req, Execution e) {
        return ProjectRoutes.baseUrl(req) + "/project/" + e.project() + "/execution/show/" + e.id();
    }

    private static Map<String, Object> stateJson(Execution e, WorkflowState s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionId", e.id());
        out.put("serverNode", e.serverUuid());
        out.put("executionState", e.state().name());
        out.put("completed", e.state().isTerminal());
        out.put("updateTime", Instant.now().toString());
        out.put("startTime", e.started() == null ? null : e.started().toString());
        out.put("endTime", e.ended() == null ? null : e.ended().toString());
        out.put("targetNodes", s.targetNodes());
        out.put("allNodes", s.targetNodes());
        out.put("stepCount", s.steps().size());
        Map<String, List<Object>> perNode = new LinkedHashMap<>();
        List<Object> steps = new ArrayList<>();
        for (WorkflowState.Step st : s.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", st.stepctx());
            m.put("stepctx", st.stepctx());
            m.put("description", st.description());
            m.put("nodeStep", st.nodeStep());
            m.put("executionState", st.state());
            m.put("startTime", st.started() == null ? null : st.started().toString());
            m.put("endTime", st.ended() == null ? null : st.ended().toString());
            Map<String, Object> nodeStates = new LinkedHashMap<>();
            st.nodes().forEach((node, ns) -> {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("executionState", ns.state());
                n.put("startTime", ns.started() == null ? null : ns.started().toString());
                n.put("endTime", ns.ended() == null ? null : ns.ended().toString());
                if (ns.exitCode() != null) {
                    n.put("exitCode", ns.exitCode());
                }
                if (ns.message() != null) {
                    n.put("message", ns.message());
                }
                nodeStates.put(node.isEmpty() ? "(workflow)" : node, n);
                if (!node.isEmpty()) {
                    perNode.computeIfAbsent(node, k -> new ArrayList<>()).add(Map.of("executionState", ns.state(), "stepctx", st.stepctx()));
                }
            });
            m.put("nodeStates", nodeStates);
            steps.add(m);
        }
        out.put("steps", steps);
        out.put("nodes", perNode);
        return out;
    }

    static List<ExecutionState> states(String param) {
        if (param == null || param.isBlank()) {
            return List.of();
        }
        List<ExecutionState> out = new ArrayList<>();
        for (String s : param.split(",")) {
            try {
                out.add(ExecutionState.fromApiName(s.trim().toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        return out;
    }

    private static Duration recent(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([hdwmy])").matcher(v.trim());
        if (!m.matches()) {
            throw ApiException.badRequest("recentFilter '" + v + "' is not like 1h, 2d, 3w, 1m, 1y");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "m" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    private static Instant instant(String v, String name) {
        try {
            return v.matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(name + " '" + v + "' is neither epoch milliseconds nor an ISO-8601 time");
        }
    }

    private static Execution require(ExecutionService executions, long id) {
        return executions.get(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(long id) {
        return ApiException.notFound("Execution ID does not exist: " + id);
    }

    private static long executionId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("Execution ID does not exist: " + s);
        }
    }

    static int intParam(HttpServletRequest req, String name, int fallback) {
        String v = req.getParameter(name);
        return v == null || v.isBlank() ? fallback : parseInt(v, name);
    }

    private static int parseInt(String v, String name) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 0) {
                throw ApiException.badRequest(name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " '" + v + "' is not a number");
        }
    }

    private static long longParam(HttpServletRequest req, String name, long fallback) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " '" + v + "' is not a number");
        }
    }


    /** POST /executions/delete with {"ids": [...]} (or ids=1,2): Rundeck's bulk delete result. */
    static void bulkDelete(HttpServletRequest req, HttpServletResponse resp, ExecutionService executions, String full)
            throws IOException {
        if (executions == null) {
            throw ApiException.unavailable("the execution engine");
        }
        if (!req.getMethod().equals("POST")) {
            throw ApiException.methodNotAllowed(req.getMethod(), full);
        }
        List<String> ids = new ArrayList<>();
        if (req.getParameter("ids") != null) {
            for (String v : req.getParameter("ids").split(",")) {
                if (!v.isBlank()) {
                    ids.add(v.trim());
                }
            }
        } else {
            JsonNode body = Json.read(RequestBodies.read(req));
            JsonNode list = body.get("ids");
            if (list == null || !list.isArray()) {
                throw ApiException.badRequest("the body needs \"ids\": a list of execution ids");
            }
            list.forEach(n -> ids.add(n.asText()));
        }
        List<Object> failures = new ArrayList<>();
        int ok = 0;
        for (String s : ids) {
            String why;
            try {
                long id = Long.parseLong(s);
                java.util.Optional<org.windlass.api.Execution> e = executions.get(id);
                if (e.isPresent() && !Guard.of(req).allows(null, "project", Guard.project(e.get().project()), "delete_execution")) {
                    failures.add(Map.of("id", s, "message", "user '" + Guard.of(req).user().name()
                            + "' may not delete executions of project " + e.get().project()));
                    continue;
                }
                if (executions.delete(id)) {
                    ok++;
                    continue;
                }
                why = "Execution ID does not exist: " + id;
            } catch (NumberFormatException e) {
                why = "not an execution id: " + s;
            } catch (org.windlass.api.execution.ExecutionConflictException e) {
                why = e.getMessage();
            }
            failures.add(Map.of("id", s, "message", why));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("failures", failures);
        out.put("failedCount", failures.size());
        out.put("successCount", ok);
        out.put("allsuccessful", failures.isEmpty());
        out.put("requestCount", ids.size());
        Json.write(resp, 200, out);
    }
}

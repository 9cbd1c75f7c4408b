package org.windlass.rest.internal;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.cluster.Membership;
import org.windlass.api.job.ScheduleRepository;
import org.windlass.api.security.AuthenticatedUser;

/**
 * The cluster manager's API: members ({@code /cluster/members}), execution modes
 * ({@code /system/executions/enable|disable|status}, and Rundeck Enterprise's
 * {@code /enterprise/cluster/executions/enable|disable?uuid=}), and schedule takeover
 * ({@code PUT /scheduler/takeover}).
 */
final class ClusterRoutes {

    private ClusterRoutes() {
    }

    private static Membership require(Membership m) {
        if (m == null) {
            throw ApiException.unavailable("the cluster membership");
        }
        return m;
    }

    static Map<String, Object> memberJson(ClusterMember m, String self) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uuid", m.uuid());
        out.put("name", m.name());
        out.put("self", m.uuid().equals(self));
        out.put("url", m.url());
        out.put("version", m.version());
        out.put("state", m.state().name().toLowerCase(Locale.ROOT));
        out.put("executionMode", m.executionMode().name().toLowerCase(Locale.ROOT));
        out.put("lastHeartbeat", m.lastHeartbeat() == null ? null : DateTimeFormatter.ISO_INSTANT.format(m.lastHeartbeat()));
        out.put("tags", List.copyOf(m.tags()));
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("runningExecutions", m.load().running());
        load.put("capacity", m.load().capacity());
        load.put("threadRatio", m.load().threadRatio());
        load.put("cpu", m.load().cpu());
        load.put("heapUsed", m.load().heapUsed());
        load.put("heapMax", m.load().heapMax());
        out.put("load", load);
        return out;
    }

    /** /cluster/members[/{uuid}] */
    static void members(HttpServletRequest req, HttpServletResponse resp, List<String> p, Membership membership,
                        AuthenticatedUser user, String self, String full) throws IOException {
        Membership m = require(membership);
        String method = req.getMethod();
        if (p.size() == 2 && p.get(1).equals("members")) {
            JobRoutes.requireGet(method, full);
            List<Object> out = new ArrayList<>();
            for (ClusterMember c : m.members()) {
                out.add(memberJson(c, self));
            }
            Json.write(resp, 200, Map.of("members", out));
            return;
        }
        if (p.size() == 3 && p.get(1).equals("members")) {
            ClusterMember c = m.member(p.get(2)).orElseThrow(() -> ApiException.notFound("no cluster member " + p.get(2)));
            if (method.equals("GET")) {
                Json.write(resp, 200, memberJson(c, self));
                return;
            }
            throw ApiException.methodNotAllowed(method, full);
        }
        throw ApiException.notFound("no API endpoint at " + full);
    }

    /**
     * /system/executions/enable|disable|status (this member, or {@code ?uuid=} another), and
     * /enterprise/cluster/executions/enable|disable?uuid=.
     */
    static void executionMode(HttpServletRequest req, HttpServletResponse resp, String action, Membership membership,
                              AuthenticatedUser user, String self, String full) throws IOException {
        Membership m = require(membership);
        String uuid = req.getParameter("uuid") == null || req.getParameter("uuid").isBlank() ? self : req.getParameter("uuid").strip();
        switch (action) {
            case "status" -> {
                JobRoutes.requireGet(req.getMethod(), full);
                ClusterMember c = m.member(uuid).orElseThrow(() -> ApiException.notFound("no cluster member " + uuid));
                boolean passive = c.executionMode() == ExecutionMode.PASSIVE;
                int status = passive && "true".equals(req.getParameter("passiveAs503")) ? 503 : 200;
                Json.write(resp, status, Map.of("executionMode", c.executionMode().name().toLowerCase(Locale.ROOT), "uuid", c.uuid()));
            }
            case "enable", "disable" -> {
                if (!req.getMethod().equals("POST")) {
                    throw ApiException.methodNotAllowed(req.getMethod(), full);
                }
                ClusterMember c = m.setExecutionMode(uuid, action.equals("enable") ? ExecutionMode.ACTIVE : ExecutionMode.PASSIVE);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("executionMode", c.executionMode().name().toLowerCase(Locale.ROOT));
                out.put("uuid", c.uuid());
                // another member applies it at its next heartbeat
                out.put("status", c.uuid().equals(self) ? "done" : "pending");
                Json.write(resp, 200, out);
            }
            default -> throw ApiException.notFound("no API endpoint at " + full);
        }
    }

    /** PUT /scheduler/takeover: Rundeck's body {server: {uuid | all}, project?, job: {id}?, jobs: [{id}]?}. */
    static void takeover(HttpServletRequest req, HttpServletResponse resp, int version, Membership membership,
                         AuthenticatedUser user, String self, String full) throws IOException {
        Membership m = require(membership);
        if (!req.getMethod().equals("PUT") && !req.getMethod().equals("POST")) {
            throw ApiException.methodNotAllowed(req.getMethod(), full);
        }
        JsonNode body = Json.read(RequestBodies.read(req));
        JsonNode server = body.get("server");
        if (server == null || !server.isObject()) {
            throw ApiException.badRequest("the takeover body needs \"server\": {\"uuid\": \"...\"} or {\"all\": true}");
        }
        boolean all = server.path("all").asBoolean(false);
        String uuid = server.hasNonNull("uuid") ? server.get("uuid").asText().strip() : null;
        if (!all && (uuid == null || uuid.isEmpty())) {
            throw ApiException.badRequest("server needs a uuid, or all: true");
        }
        String project = body.hasNonNull("project") ? body.get("project").asText() : null;
        Set<String> jobIds = new LinkedHashSet<>();
        if (body.path("job").hasNonNull("id")) {
            jobIds.add(body.path("job").get("id").asText());
        }
        for (JsonNode j : body.path("jobs")) {
            if (j.hasNonNull("id")) {
                jobIds.add(j.get("id").asText());
            }
        }
        List<String> targets = new ArrayList<>();
        for (JsonNode t : body.path("targets")) {
            targets.add(t.asText());
        }
        List<ScheduleRepository.Move> moved = m.takeOver(new Membership.TakeoverRequest(uuid, all, project, jobIds, targets));
        String base = ProjectRoutes.baseUrl(req);
        List<Object> successful = new ArrayList<>();
        for (ScheduleRepository.Move mv : moved) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", mv.jobUuid());
            j.put("href", base + "/api/" + version + "/job/" + mv.jobUuid());
            j.put("permalink", base + "/job/show/" + mv.jobUuid());
            j.put("previous-owner", mv.previousOwner());
            j.put("owner", mv.owner());
            successful.add(j);
        }
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("failed", List.of());
        jobs.put("successful", successful);
        jobs.put("total", moved.size());
        Map<String, Object> serverOut = new LinkedHashMap<>();
        if (all) {
            serverOut.put("all", true);
        } else {
            serverOut.put("uuid", uuid);
        }
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("jobs", jobs);
        schedule.put("server", serverOut);
        if (project != null) {
            schedule.put("project", project);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("takeoverSchedule", schedule);
        out.put("self", Map.of("server", Map.of("uuid", self)));
        out.put("message", "Schedule Takeover successful for " + moved.size() + "/" + moved.size() + " Jobs.");
        out.put("success", true);
        out.put("apiversion", version);
        Json.write(resp, 200, out);
    }
}

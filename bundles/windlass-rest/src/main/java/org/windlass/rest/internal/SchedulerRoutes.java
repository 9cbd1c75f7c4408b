package org.windlass.rest.internal;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.windlass.api.job.SchedulerService;

/**
 * Rundeck's scheduler endpoints: {@code GET /scheduler/jobs} (the schedules this member fires) and
 * {@code GET /scheduler/server/{uuid}/jobs} (those another member fires), each job with its
 * owner, crontab, time zone and next fire time.
 */
final class SchedulerRoutes {

    private SchedulerRoutes() {
    }

    static void handle(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p,
                       SchedulerService scheduler, String me, String full) throws IOException {
        if (scheduler == null) {
            throw ApiException.unavailable("the scheduler");
        }
        List<SchedulerService.ScheduledJob> jobs;
        if (p.size() == 2 && p.get(1).equals("jobs")) {
            JobRoutes.requireGet(req.getMethod(), full);
            jobs = scheduler.owned();
        } else if (p.size() == 4 && p.get(1).equals("server") && p.get(3).equals("jobs")) {
            JobRoutes.requireGet(req.getMethod(), full);
            jobs = scheduler.ownedBy(p.get(2));
        } else {
            throw ApiException.notFound("no API endpoint at " + full);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (SchedulerService.ScheduledJob j : jobs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", j.jobId());
            m.put("name", j.name());
            m.put("group", j.group());
            m.put("project", j.project());
            m.put("href", ProjectRoutes.baseUrl(req) + "/api/" + version + "/job/" + j.jobId());
            m.put("permalink", ProjectRoutes.baseUrl(req) + "/project/" + j.project() + "/job/show/" + j.jobId());
            m.put("scheduled", true);
            m.put("scheduleEnabled", j.scheduleEnabled());
            m.put("enabled", j.executionEnabled());
            m.put("serverNodeUUID", j.owner());
            m.put("serverOwner", me.equals(j.owner()));
            m.put("crontab", j.crontab());
            m.put("timeZone", j.timeZone());
            m.put("runAs", j.runAs());
            m.put("lastTick", j.lastTick() == null ? null : DateTimeFormatter.ISO_INSTANT.format(j.lastTick()));
            m.put("nextScheduledExecution", j.nextFire() == null ? null : DateTimeFormatter.ISO_INSTANT.format(j.nextFire()));
            out.add(m);
        }
        Json.write(resp, 200, out);
    }
}

package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Job schedules in the booted distribution: Rundeck's crontab and structured forms fire every
 * second on this member, switched-off schedules do not, the scheduler API and shell list them in
 * their time zones, and runs for later (runAtTime) start when due or are aborted before.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SchedulesTest extends WindlassTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static boolean ready;

    @Configuration
    public Option[] config() {
        return baseOptions().toArray(new Option[0]);
    }

    @Before
    public void login() throws Exception {
        if (ready) {
            return;
        }
        for (String p : List.of("sched", "quiet")) {
            HttpResponse<String> r = api("POST", "/projects", "{\"name\":\"" + p + "\"}", JSON);
            assertEquals(r.body(), 201, r.statusCode());
        }
        assertEquals(200, api("PUT", "/project/quiet/config/project.disable.schedule", "{\"value\":\"true\"}", JSON).statusCode());
        ready = true;
    }

    private String importJob(String project, String yaml) throws Exception {
        return importJob(project, "yaml", yaml);
    }

    private List<JsonNode> executions(String project, String jobId) throws Exception {
        JsonNode r = json(api("GET", "/project/" + project + "/executions?jobIdListFilter=" + jobId + "&max=1000", null, null).body());
        List<JsonNode> out = new ArrayList<>();
        r.get("executions").forEach(out::add);
        return out;
    }

    @Test
    public void schedulesFireEverySecondAndSwitchedOffOnesDoNot() throws Exception {
        String crontab = importJob("sched", String.join("\n",
                "- name: every-second",
                "  schedule:",
                "    crontab: '* * * * * ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo tick ${job.execid}",
                ""));
        String structured = importJob("sched", String.join("\n",
                "- name: every-two-seconds",
                "  schedule:",
                "    time:",
                "      seconds: '*/2'",
                "      minute: '*'",
                "      hour: '*'",
                "    month: '*'",
                "    weekday:",
                "      day: '*'",
                "    year: '*'",
                "  sequence:",
                "    commands:",
                "    - exec: echo structured",
                ""));
        String off = importJob("sched", String.join("\n",
                "- name: schedule-off",
                "  scheduleEnabled: false",
                "  schedule:",
                "    crontab: '* * * * * ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo never",
                ""));
        String quiet = importJob("quiet", String.join("\n",
                "- name: in-a-quiet-project",
                "  schedule:",
                "    crontab: '* * * * * ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo never",
                ""));
        await("four ticks of the every-second job").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> executions("sched", crontab).size() >= 4);
        await("two ticks of the structured schedule").atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> executions("sched", structured).size() >= 2);
        List<JsonNode> fired = executions("sched", crontab);
        Set<String> ticks = new HashSet<>();
        java.util.regex.Pattern tickLine = java.util.regex.Pattern.compile("for the tick at (\\S+) \\(\\* \\* \\* \\* \\* \\? \\*\\)");
        for (JsonNode e : fired) {
            assertEquals(e.toString(), "scheduled", e.get("executionType").asText());
            assertEquals(e.toString(), "admin", e.get("user").asText());
            String out = api("GET", "/execution/" + e.get("id").asText() + "/output", null, null).body();
            java.util.regex.Matcher m = tickLine.matcher(out);
            assertTrue(out, m.find());
            Instant tick = Instant.parse(m.group(1));
            assertEquals("ticks are whole seconds: " + tick, 0, tick.getNano());
            assertTrue("tick " + tick + " fired twice", ticks.add(m.group(1)));
        }
        await().atMost(WAIT).until(() -> executions("sched", crontab).stream().anyMatch(e -> e.get("status").asText().equals("succeeded")));
        assertEquals("a disabled schedule does not fire", 0, executions("sched", off).size());
        assertEquals("a project with schedules disabled fires none", 0, executions("quiet", quiet).size());

        // the scheduler API lists this member's schedules with their next fire time
        JsonNode listed = json(api("GET", "/scheduler/jobs", null, null).body());
        JsonNode every = null;
        for (JsonNode j : listed) {
            if (j.get("id").asText().equals(crontab)) {
                every = j;
            }
        }
        assertNotNull(listed.toString(), every);
        assertTrue(every.get("serverOwner").asBoolean());
        Instant next = Instant.parse(every.get("nextScheduledExecution").asText());
        assertTrue(next + " is within two seconds", next.isAfter(Instant.now().minusSeconds(2)) && next.isBefore(Instant.now().plusSeconds(3)));
        JsonNode other = json(api("GET", "/scheduler/server/" + every.get("serverNodeUUID").asText() + "/jobs", null, null).body());
        assertTrue(other.toString(), other.toString().contains(crontab));

        // switching the schedule off through the API stops it
        assertEquals(200, api("POST", "/job/" + crontab + "/schedule/disable", null, null).statusCode());
        int[] count = new int[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = executions("sched", crontab).size();
            boolean stable = now == count[0];
            count[0] = now;
            return stable;
        });
        await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals("no tick after the schedule was switched off", count[0], executions("sched", crontab).size());
        assertEquals(200, api("POST", "/job/" + structured + "/schedule/disable", null, null).statusCode());
    }

    @Test
    public void theClusterShellCommandsAndApiShowAndSwitchThisMember() throws Exception {
        String yearly = importJob("sched", String.join("\n",
                "- name: cluster-shell-yearly",
                "  schedule:",
                "    crontab: '0 0 3 1 1 ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo new year",
                ""));
        String pw = readInitialPassword();
        SshResult members = ssh("admin", pw, "windlass:cluster-members");
        assertEquals(members.err(), 0, members.exitStatus());
        assertTrue(members.out(), members.out().contains("(this member)") && members.out().contains("active"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() ->
                ssh("admin", pw, "windlass:cluster-jobs --project sched").out().contains("cluster-shell-yearly"));

        SshResult passive = ssh("admin", pw, "windlass:cluster-mode passive");
        assertTrue(passive.out() + passive.err(), passive.out().contains(": passive"));
        try {
            HttpResponse<String> refused = api("POST", "/job/" + yearly + "/run", "{}", JSON);
            assertEquals(refused.body(), 400, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("passive execution mode"));
            assertEquals(503, get("/health?passiveAs503=true").statusCode());
            assertEquals(200, get("/health").statusCode());
            assertTrue(api("GET", "/system/info", null, null).body().contains("\"executionMode\":\"passive\""));
        } finally {
            SshResult active = ssh("admin", pw, "windlass:cluster-mode active");
            assertTrue(active.out() + active.err(), active.out().contains(": active"));
        }
        assertEquals(200, get("/health?passiveAs503=true").statusCode());

        SshResult noMember = ssh("admin", pw, "windlass:cluster-takeover");
        assertTrue(noMember.out() + noMember.err(), (noMember.out() + noMember.err()).contains("name the member whose schedules move"));
        SshResult all = ssh("admin", pw, "windlass:cluster-takeover --all --project sched");
        assertTrue(all.out() + all.err(), all.out().contains("0 schedule(s) moved"));
        HttpResponse<String> bad = api("PUT", "/scheduler/takeover", "{\"project\":\"sched\"}", JSON);
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("the takeover body needs"));
        HttpResponse<String> ok = api("PUT", "/scheduler/takeover", "{\"server\":{\"all\":true},\"job\":{\"id\":\"" + yearly + "\"}}", JSON);
        assertEquals(ok.body(), 200, ok.statusCode());
        assertTrue(ok.body(), ok.body().contains("\"total\":0") && ok.body().contains("\"success\":true"));
        HttpResponse<String> unknownTarget = api("PUT", "/scheduler/takeover", "{\"server\":{\"all\":true},\"targets\":[\"no-such-member\"]}", JSON);
        assertEquals(unknownTarget.body(), 404, unknownTarget.statusCode());
        JsonNode list = json(api("GET", "/cluster/members", null, null).body()).get("members");
        assertEquals(list.toString(), 1, list.size());
        assertTrue(list.toString(), list.get(0).get("self").asBoolean() && list.get(0).get("load").get("capacity").asInt() > 0);
    }

    @Test
    public void theNextFireIsComputedInTheJobsTimeZoneAndTheShellListsIt() throws Exception {
        String ny = importJob("sched", String.join("\n",
                "- name: noon-in-new-york",
                "  timeZone: America/New_York",
                "  schedule:",
                "    crontab: '0 0 12 * * ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo lunch",
                ""));
        JsonNode[] job = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (JsonNode j : json(api("GET", "/scheduler/jobs", null, null).body())) {
                if (j.get("id").asText().equals(ny)) {
                    job[0] = j;
                    return true;
                }
            }
            return false;
        });
        assertEquals("America/New_York", job[0].get("timeZone").asText());
        ZonedDateTime local = Instant.parse(job[0].get("nextScheduledExecution").asText()).atZone(ZoneId.of("America/New_York"));
        assertEquals(12, local.getHour());
        assertEquals(0, local.getMinute());

        SshResult shell = ssh("admin", readInitialPassword(), "windlass:schedules");
        assertEquals(shell.err(), 0, shell.exitStatus());
        assertTrue(shell.out(), shell.out().contains("noon-in-new-york") && shell.out().contains("America/New_York"));

        HttpResponse<String> badZone = api("POST", "/project/sched/jobs/import?fileformat=yaml", String.join("\n",
                "- name: nowhere",
                "  timeZone: Mars/Olympus",
                "  schedule:",
                "    crontab: '0 0 12 * * ? *'",
                "  sequence:",
                "    commands:",
                "    - exec: echo x",
                ""), "application/yaml");
        assertEquals(badZone.body(), 400, badZone.statusCode());
        assertTrue(badZone.body(), badZone.body().contains("line 2") && badZone.body().contains("unknown time zone 'Mars/Olympus'"));
    }

    @Test
    public void aRunForLaterStartsWhenDueAndOneAbortedBeforeNeverRuns() throws Exception {
        String id = importJob("sched", String.join("\n",
                "- name: later",
                "  multipleExecutions: true",
                "  options:",
                "  - name: who",
                "    value: nobody",
                "  sequence:",
                "    commands:",
                "    - exec: echo later for ${option.who}",
                ""));
        Instant due = Instant.now().plusSeconds(3);
        HttpResponse<String> r = api("POST", "/job/" + id + "/run", "{\"runAtTime\":\"" + due + "\",\"options\":{\"who\":\"ops\"}}", JSON);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode scheduled = json(r.body());
        assertEquals("scheduled", scheduled.get("status").asText());
        assertEquals("user-scheduled", scheduled.get("executionType").asText());
        long later = scheduled.get("id").asLong();

        HttpResponse<String> r2 = api("POST", "/job/" + id + "/run", "{\"runAtTime\":\"" + Instant.now().plusSeconds(600) + "\"}", JSON);
        long cancelled = json(r2.body()).get("id").asLong();
        HttpResponse<String> abort = api("GET", "/execution/" + cancelled + "/abort", null, null);
        assertEquals(abort.body(), 200, abort.statusCode());
        assertEquals("aborted", json(api("GET", "/execution/" + cancelled, null, null).body()).get("status").asText());

        assertEquals("scheduled", json(api("GET", "/execution/" + later, null, null).body()).get("status").asText());
        await("the run for later succeeds").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> json(api("GET", "/execution/" + later, null, null).body()).get("status").asText().equals("succeeded"));
        JsonNode done = json(api("GET", "/execution/" + later, null, null).body());
        Instant started = Instant.parse(done.get("date-started").get("date").asText());
        assertTrue("started at " + started + ", due " + due, !started.isBefore(due.minusMillis(1000)));
        String out = api("GET", "/execution/" + later + "/output", null, null).body();
        assertTrue(out, out.contains("later for ops"));

        HttpResponse<String> bad = api("POST", "/job/" + id + "/run", "{\"runAtTime\":\"tomorrow at noon\"}", JSON);
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("runAtTime 'tomorrow at noon' is not an ISO-8601 date-time"));
        HttpResponse<String> past = api("POST", "/job/" + id + "/run", "{\"runAtTime\":\"2001-01-01T00:00:00Z\"}", JSON);
        assertEquals(past.body(), 400, past.statusCode());
        assertTrue(past.body(), past.body().contains("is in the past"));
    }
}

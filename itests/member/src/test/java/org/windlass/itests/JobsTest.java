package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Jobs and executions in the booted distribution: Rundeck job files imported in each format,
 * run on the server node with options through the real local executor, followed, aborted, timed
 * out, retried, and ad-hoc commands and scripts.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JobsTest extends WindlassTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static boolean projectMade;

    @javax.inject.Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return baseOptions().toArray(new Option[0]);
    }

    @Before
    public void project() throws Exception {
        if (projectMade) {
            return;
        }
        HttpResponse<String> p = api("POST", "/projects", "{\"name\":\"jobs\"}", JSON);
        assertEquals(p.body(), 201, p.statusCode());
        projectMade = true;
    }

    private String importJobs(String format, String document) throws Exception {
        return importJob("jobs", format, document);
    }

    private long run(String jobId, String body) throws Exception {
        return runJob(jobId, body);
    }

    private JsonNode awaitEnd(long id) {
        return awaitEnd(id, WAIT);
    }

    /** Every log message of an execution, read by offset the way a follower does, until completed. */
    private List<String> follow(long id) {
        List<String> lines = new ArrayList<>();
        long[] offset = {0};
        await("log of " + id + " completes").atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode out = json(api("GET", "/execution/" + id + "/output?offset=" + offset[0] + "&maxlines=50", null, null).body());
            out.get("entries").forEach(e -> lines.add(e.get("log").asText()));
            offset[0] = out.get("offset").asLong();
            return out.get("completed").asBoolean() && out.get("execCompleted").asBoolean();
        });
        return lines;
    }

    @Test
    public void aYamlJobRunsWithOptionsOnTheServerNodeAndItsLogIsFollowedByOffset() throws Exception {
        String id = importJobs("yaml", String.join("\n",
                "- name: greet",
                "  group: ops/hello",
                "  loglevel: INFO",
                "  options:",
                "  - name: who",
                "    required: true",
                "    regex: '[a-z]+'",
                "  - name: count",
                "    value: '3'",
                "  sequence:",
                "    keepgoing: false",
                "    strategy: node-first",
                "    commands:",
                "    - exec: echo hello ${option.who} from ${job.name} on ${node.name}",
                "    - script: |-",
                "        #!/bin/sh",
                "        i=1; while [ $i -le $RD_OPTION_COUNT ]; do echo line $i; i=$((i+1)); done",
                "        echo \"exec $RD_JOB_EXECID by $RD_JOB_USERNAME args $1\" >&2",
                "      args: '${option.who}'",
                ""));
        long exec = run(id, "{\"options\":{\"who\":\"world\"}}");
        List<String> log = follow(exec);
        JsonNode e = awaitEnd(exec);
        assertEquals(e.toString(), "succeeded", e.get("status").asText());
        assertEquals("ops/hello", e.get("job").get("group").asText());
        assertTrue(log.toString(), log.contains("hello world from greet on " + e.get("successfulNodes").get(0).asText()));
        assertTrue(log.toString(), log.containsAll(List.of("line 1", "line 2", "line 3")));
        assertTrue(log.toString(), log.contains("exec " + exec + " by admin args world"));
        assertEquals("each line is read exactly once across offsets", 1, log.stream().filter("line 2"::equals).count());

        JsonNode state = json(api("GET", "/execution/" + exec + "/state", null, null).body());
        assertEquals(state.toString(), 2, state.get("stepCount").asInt());
        assertEquals("SUCCEEDED", state.get("steps").get(1).get("executionState").asText());

        JsonNode tail = json(api("GET", "/execution/" + exec + "/output?lastlines=2", null, null).body());
        assertEquals(2, tail.get("entries").size());

        HttpResponse<String> bad = api("POST", "/job/" + id + "/run", "{\"options\":{\"who\":\"World 1\"}}", JSON);
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("does not match the regex"));
        HttpResponse<String> missing = api("POST", "/job/" + id + "/run", "{}", JSON);
        assertTrue(missing.body(), missing.body().contains("option 'who' is required"));
    }

    @Test
    public void aLogLimitHaltsOrTruncatesAsRundecksLoglimitSays() throws Exception {
        String halt = importJobs("yaml", String.join("\n",
                "- name: chatty-halt",
                "  loglimit: '3'",
                "  loglimitAction: halt",
                "  loglimitStatus: aborted",
                "  sequence:",
                "    commands:",
                "    - exec: i=1; while [ $i -le 50 ]; do echo line $i; i=$((i+1)); sleep 0.05; done",
                "    - exec: echo never",
                ""));
        long h = run(halt, "{}");
        JsonNode he = awaitEnd(h);
        assertEquals(he.toString(), "aborted", he.get("status").asText());
        List<String> hl = follow(h);
        assertTrue(hl.toString(), hl.containsAll(List.of("line 1", "line 2", "line 3")) && !hl.contains("line 4") && !hl.contains("never"));
        assertTrue(hl.toString(), hl.contains("log output limit exceeded (loglimit 3): the output passed it; the execution halts"));

        String truncate = importJobs("yaml", String.join("\n",
                "- name: chatty-truncate",
                "  loglimit: 2/node",
                "  loglimitAction: truncate",
                "  sequence:",
                "    commands:",
                "    - exec: echo a; echo b; echo c; echo d",
                "    - exec: echo after",
                ""));
        long t = run(truncate, "{}");
        assertEquals("succeeded", awaitEnd(t).get("status").asText());
        List<String> tl = follow(t);
        assertTrue(tl.toString(), tl.containsAll(List.of("a", "b")) && !tl.contains("c") && !tl.contains("after"));

        HttpResponse<String> bad = api("POST", "/project/jobs/jobs/import?fileformat=yaml",
                "- name: bad-limit\n  loglimit: lots\n  sequence:\n    commands:\n    - exec: echo x\n", "application/yaml");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("line 2") && bad.body().contains("loglimit 'lots' is not a number of lines"));
    }

    @Test
    public void jobsImportInEachFormatAndExportAgainUnchanged() throws Exception {
        String xml = "<joblist><job><name>from-xml</name><group>fmt</group><description>x</description>"
                + "<context><options preserveOrder='true'><option name='a' value='1'/></options></context>"
                + "<sequence keepgoing='true' strategy='step-first'><command><exec>echo xml ${option.a}</exec></command></sequence>"
                + "</job></joblist>";
        String xmlId = importJobs("xml", xml);
        String jsonId = importJobs("json", "[{\"name\":\"from-json\",\"group\":\"fmt\",\"sequence\":{\"commands\":[{\"exec\":\"echo json\"}]}}]");
        String yamlId = importJobs("yaml", "- name: from-yaml\n  group: fmt\n  sequence:\n    commands:\n    - exec: echo yaml\n");

        JsonNode list = json(api("GET", "/project/jobs/jobs?groupPath=fmt", null, null).body());
        assertEquals(list.toString(), 3, list.size());

        for (String format : List.of("yaml", "xml", "json")) {
            HttpResponse<String> export = send("GET", "/api/48/project/jobs/jobs/export?groupPath=fmt&format=" + format, null,
                    "X-Rundeck-Auth-Token", token());
            assertEquals(200, export.statusCode());
            HttpResponse<String> again = api("POST", "/project/jobs/jobs/import?fileformat=" + format + "&dupeOption=update",
                    export.body(), "application/" + format);
            JsonNode r = json(again.body());
            assertEquals(again.body(), 3, r.get("succeeded").size());
            HttpResponse<String> second = send("GET", "/api/48/project/jobs/jobs/export?groupPath=fmt&format=" + format, null,
                    "X-Rundeck-Auth-Token", token());
            assertEquals(format + ": exported, imported and exported again is the same document", export.body(), second.body());
        }
        HttpResponse<String> skip = api("POST", "/project/jobs/jobs/import?fileformat=json&dupeOption=skip",
                "[{\"name\":\"from-json\",\"group\":\"fmt\",\"sequence\":{\"commands\":[{\"exec\":\"echo other\"}]}}]", JSON);
        assertEquals(1, json(skip.body()).get("skipped").size());
        HttpResponse<String> create = api("POST", "/project/jobs/jobs/import?fileformat=json&dupeOption=create",
                "[{\"name\":\"from-json\",\"group\":\"fmt\",\"sequence\":{\"commands\":[{\"exec\":\"echo other\"}]}}]", JSON);
        assertTrue(create.body(), json(create.body()).get("failed").get(0).get("error").asText().contains("exists"));

        long e = run(xmlId, "{}");
        assertEquals("succeeded", awaitEnd(e).get("status").asText());
        assertTrue(follow(e).contains("echo xml 1".substring(5)));
        assertEquals(204, api("DELETE", "/job/" + yamlId, null, null).statusCode());
        assertEquals(404, api("GET", "/job/" + yamlId, null, null).statusCode());
        assertEquals(200, api("GET", "/job/" + jsonId + "?format=yaml", null, null).statusCode());
    }

    @Test
    public void malformedJobFilesAreRefusedWithTheLineNamed() throws Exception {
        HttpResponse<String> r = api("POST", "/project/jobs/jobs/import?fileformat=yaml",
                "- name: broken\n  sequence:\n    commands:\n    - bogus: true\n", "application/yaml");
        assertEquals(r.body(), 400, r.statusCode());
        assertTrue(r.body(), r.body().contains("line 4"));
        HttpResponse<String> cron = api("POST", "/project/jobs/jobs/import?fileformat=yaml",
                "- name: badcron\n  schedule:\n    crontab: '0 0 25 * * ? *'\n  sequence:\n    commands:\n    - exec: 'true'\n", "application/yaml");
        assertEquals(cron.body(), 400, cron.statusCode());
        assertTrue(cron.body(), cron.body().contains("line 3"));
        JsonNode list = json(api("GET", "/project/jobs/jobs?jobFilter=broken", null, null).body());
        assertEquals("nothing of a malformed file is stored", 0, list.size());
    }

    @Test
    public void abortKillsTheCommandAndTimeoutEndsTheExecution() throws Exception {
        Path marker = Files.createTempFile("windlass-abort", ".pid");
        String id = importJobs("yaml", "- name: sleeper\n  sequence:\n    commands:\n    - exec: echo $$ > " + marker + "; exec sleep 120\n");
        long exec = run(id, "{}");
        await("the command runs").atMost(WAIT).until(() -> Files.size(marker) > 0);
        long pid = Long.parseLong(Files.readString(marker).strip());
        HttpResponse<String> abort = api("POST", "/execution/" + exec + "/abort", null, null);
        assertEquals(abort.body(), "pending", json(abort.body()).get("abort").get("status").asText());
        JsonNode e = awaitEnd(exec);
        assertEquals("aborted", e.get("status").asText());
        assertEquals("admin", e.get("abortedby").asText());
        await("the process is gone").atMost(WAIT).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        HttpResponse<String> again = api("POST", "/execution/" + exec + "/abort", null, null);
        assertEquals("failed", json(again.body()).get("abort").get("status").asText());

        String slow = importJobs("yaml", "- name: too-slow\n  timeout: 1s\n  sequence:\n    commands:\n    - exec: sleep 60\n");
        JsonNode t = awaitEnd(run(slow, "{}"));
        assertEquals(t.toString(), "timedout", t.get("status").asText());
        assertTrue(t.toString(), t.get("reason").asText().contains("timed out after 1s"));
    }

    @Test
    public void aFailedJobIsRetriedAndAMissingJobReferenceFailsNamingIt() throws Exception {
        String id = importJobs("yaml", "- name: flaky\n  retry:\n    retry: '1'\n    delay: '0'\n  sequence:\n    commands:\n    - exec: exit 4\n");
        long first = run(id, "{}");
        JsonNode e = awaitEnd(first);
        assertEquals("failed-with-retry", e.get("status").asText());
        JsonNode[] retry = new JsonNode[1];
        await("the retry ends").atMost(WAIT).until(() -> {
            JsonNode page = json(api("GET", "/job/" + id + "/executions", null, null).body());
            for (JsonNode x : page.get("executions")) {
                if (x.get("retryAttempt").asInt() == 1 && !x.get("status").asText().equals("running")) {
                    retry[0] = x;
                    return true;
                }
            }
            return false;
        });
        assertEquals("failed", retry[0].get("status").asText());
        assertEquals(first, retry[0].get("retriedExecution").get("id").asLong());

        String ref = importJobs("yaml", "- name: caller\n  sequence:\n    commands:\n    - jobref:\n        group: nowhere\n        name: ghost\n");
        JsonNode r = awaitEnd(run(ref, "{}"));
        assertEquals("failed", r.get("status").asText());
        assertTrue(r.toString(), r.get("reason").asText().contains("no job 'nowhere/ghost'"));

        HttpResponse<String> twice = api("POST", "/job/" + importJobs("yaml",
                "- name: single\n  sequence:\n    commands:\n    - exec: sleep 5\n") + "/run", "{}", JSON);
        String single = Pattern.compile("/job/([^/\"]+)").matcher(twice.body()).results().map(m -> m.group(1)).findFirst().orElseThrow();
        HttpResponse<String> conflict = api("POST", "/job/" + single + "/run", "{}", JSON);
        assertEquals(conflict.body(), 409, conflict.statusCode());
        api("POST", "/execution/" + json(twice.body()).get("id").asLong() + "/abort", null, null);
    }

    @Test
    public void adhocCommandsAndScriptsRunOnANodeFilter() throws Exception {
        HttpResponse<String> r = api("POST", "/project/jobs/run/command",
                "{\"exec\":\"echo adhoc $RD_NODE_NAME\",\"filter\":\"tags: windlass-server\"}", JSON);
        assertEquals(r.body(), 200, r.statusCode());
        long id = json(r.body()).get("execution").get("id").asLong();
        assertTrue(follow(id).stream().anyMatch(l -> l.startsWith("adhoc ")));
        assertEquals("succeeded", awaitEnd(id).get("status").asText());

        HttpResponse<String> s = api("POST", "/project/jobs/run/script",
                "{\"script\":\"print('from python', 6*7)\",\"scriptInterpreter\":\"python3\"}", JSON);
        long sid = json(s.body()).get("execution").get("id").asLong();
        JsonNode end = awaitEnd(sid);
        List<String> log = follow(sid);
        if (end.get("status").asText().equals("succeeded")) {
            assertTrue(log.toString(), log.contains("from python 42"));
        } else {
            assertTrue("without python3 the failure names it: " + log, log.toString().contains("python3"));
        }
        HttpResponse<String> noNodes = api("POST", "/project/jobs/run/command", "{\"exec\":\"true\",\"filter\":\"name: nothing-here\"}", JSON);
        JsonNode nn = awaitEnd(json(noNodes.body()).get("execution").get("id").asLong());
        assertEquals("failed", nn.get("status").asText());
        assertTrue(nn.toString(), nn.get("reason").asText().contains("no nodes matched"));
    }

    @Test
    public void theShellRunsAJobAndFollowsItToItsResult() throws Exception {
        String id = importJobs("yaml", "- name: shell-run\n  sequence:\n    commands:\n    - exec: echo via shell\n");
        String password = readInitialPassword();
        SshResult ok = ssh("admin", password, "windlass:job-run --follow --quiet " + id);
        assertEquals(ok.err(), 0, ok.exitStatus());
        assertTrue(ok.out(), ok.out().contains("via shell"));
        String failing = importJobs("yaml", "- name: shell-fail\n  sequence:\n    commands:\n    - exec: exit 9\n");
        SshResult bad = ssh("admin", password, "windlass:job-run --follow -p jobs shell-fail");
        assertFalse("a failed execution fails the command", bad.exitStatus() == 0);
        assertTrue(bad.out() + bad.err(), (bad.out() + bad.err()).contains("failed"));
        SshResult list = ssh("admin", password, "windlass:execution-list -p jobs -m 50");
        assertTrue(list.out(), list.out().contains("shell-run"));
        SshResult export = ssh("admin", password, "windlass:job-export -p jobs -f yaml -i " + failing);
        Matcher m = Pattern.compile("name: shell-fail").matcher(export.out());
        assertTrue(export.out(), m.find());
    }

    @Test
    public void aSecureOptionTakesItsValueFromKeyStorageAndIsNeverShown() throws Exception {
        HttpResponse<String> key = send("POST", "/api/48/storage/keys/jobs/db.password", "Key-Stored-Secret-1",
                "X-Rundeck-Auth-Token", token(), "Content-Type", "application/x-rundeck-data-password");
        assertEquals(key.body(), 201, key.statusCode());
        String id = importJobs("yaml", String.join("\n",
                "- name: secure",
                "  options:",
                "  - name: pw",
                "    secure: true",
                "    valueExposed: true",
                "    storagePath: keys/jobs/db.password",
                "  sequence:",
                "    commands:",
                "    - exec: test \"$RD_OPTION_PW\" = Key-Stored-Secret-1 && echo secret matches",
                ""));
        long exec = run(id, "{}");
        JsonNode e = awaitEnd(exec);
        assertEquals(e.toString(), "succeeded", e.get("status").asText());
        List<String> log = follow(exec);
        assertTrue(log.toString(), log.contains("secret matches"));
        assertFalse("the secret is not in the execution", e.toString().contains("Key-Stored-Secret-1"));
        assertFalse("the secret is not in the log", log.toString().contains("Key-Stored-Secret-1"));

        String given = importJobs("yaml", "- name: secure-given\n  options:\n  - name: pw\n    secure: true\n    valueExposed: true\n  sequence:\n"
                + "    commands:\n    - exec: echo ran with $RD_OPTION_PW\n");
        JsonNode g = awaitEnd(run(given, "{\"argString\":\"-pw Typed-Secret-2\"}"));
        assertEquals("succeeded", g.get("status").asText());
        assertFalse(g.toString(), g.toString().contains("Typed-Secret-2"));
        assertTrue(g.toString(), g.get("argstring").asText().contains("*****"));
        List<String> givenLog = follow(g.get("id").asLong());
        assertTrue("a secure value a script prints is masked in the log: " + givenLog, givenLog.contains("ran with *****"));
    }

    @Test
    public void outputFiltersByNodeAndStepRetryReusesOptionsAndExecutionsDeleteInBulk() throws Exception {
        String id = importJobs("yaml", String.join("\n",
                "- name: two-steps",
                "  options:",
                "  - name: word",
                "  sequence:",
                "    keepgoing: true",
                "    commands:",
                "    - exec: echo first ${option.word}",
                "    - exec: echo second ${option.word}; exit 3",
                ""));
        long first = run(id, "{\"options\":{\"word\":\"kept\"}}");
        JsonNode e = awaitEnd(first);
        assertEquals("failed", e.get("status").asText());
        String node = e.get("failedNodes").get(0).asText();
        follow(first);
        JsonNode step2 = json(api("GET", "/execution/" + first + "/output/node/" + node + "/step/2", null, null).body());
        List<String> lines = new ArrayList<>();
        step2.get("entries").forEach(x -> lines.add(x.get("log").asText()));
        assertEquals(List.of("second kept", "step 2 failed on node " + node + ": exit code 3"), lines);
        assertEquals("2", step2.get("entries").get(0).get("stepctx").asText());

        HttpResponse<String> retry = api("POST", "/job/" + id + "/retry/" + first + "?failedNodes=true", "{}", JSON);
        assertEquals(retry.body(), 200, retry.statusCode());
        long second = json(retry.body()).get("id").asLong();
        JsonNode r = awaitEnd(second);
        assertEquals("-word kept", r.get("argstring").asText());
        assertEquals("name: " + node, r.get("filter").asText());
        assertTrue(follow(second).contains("first kept"));

        HttpResponse<String> bulk = api("POST", "/executions/delete", "{\"ids\":[" + first + "," + second + ",999999]}", JSON);
        JsonNode b = json(bulk.body());
        assertEquals(bulk.body(), 2, b.get("successCount").asInt());
        assertEquals(1, b.get("failedCount").asInt());
        assertEquals(404, api("GET", "/execution/" + first, null, null).statusCode());
        assertEquals(404, api("GET", "/execution/" + first + "/output", null, null).statusCode());
    }

    @Test
    public void aHundredMegabyteOutputStreamsThroughToTheLogAndIsReadFromAnyOffset() throws Exception {
        String id = importJobs("yaml", "- name: loud\n  sequence:\n    commands:\n"
                + "    - exec: head -c 100000000 /dev/zero | tr '\\0' 'x' | fold -w 99\n"
                + "    - exec: echo after the flood\n");
        long exec = run(id, "{}");
        await("the loud execution ends").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                !json(api("GET", "/execution/" + exec, null, null).body()).get("status").asText().equals("running"));
        JsonNode e = json(api("GET", "/execution/" + exec, null, null).body());
        assertEquals(e.toString(), "succeeded", e.get("status").asText());
        JsonNode tail = json(api("GET", "/execution/" + exec + "/output?lastlines=3", null, null).body());
        assertTrue(tail.toString(), tail.get("totalSize").asLong() > 100_000_000L);
        assertEquals("execution " + exec + " succeeded", tail.get("entries").get(2).get("log").asText());
        assertEquals("after the flood", tail.get("entries").get(1).get("log").asText());
        assertEquals("the last folded line holds the 100,000,000 mod 99 = 1 remaining byte", "x",
                tail.get("entries").get(0).get("log").asText());
        JsonNode middle = json(api("GET", "/execution/" + exec + "/output?offset=50000000&maxlines=3", null, null).body());
        assertEquals(3, middle.get("entries").size());
        assertTrue(middle.get("offset").asLong() > 50_000_000L);
    }

    private void engineLimit(int limit) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("org.windlass.engine", null);
        java.util.Dictionary<String, Object> props = c.getProperties() == null ? new java.util.Hashtable<>() : c.getProperties();
        props.put("maxRunningExecutions", Integer.toString(limit));
        c.update(props);
        await("the engine runs at most " + limit).atMost(WAIT).until(() -> {
            org.osgi.framework.ServiceReference<?> ref = bundleContext.getServiceReference(
                    org.windlass.api.execution.ExecutionService.class);
            return ref != null && String.valueOf(limit).equals(String.valueOf(ref.getProperty("maxRunningExecutions")));
        });
    }

    @Test
    public void atItsLimitAMemberQueuesExecutionsAndStartsThemWhenASlotFrees() throws Exception {
        String blocker = importJobs("yaml", "- name: blocker\n  sequence:\n    commands:\n    - exec: sleep 60\n");
        String quick = importJobs("yaml", "- name: quick\n  multipleExecutions: true\n  sequence:\n    commands:\n    - exec: echo my turn\n");
        engineLimit(1);
        try {
            long b = run(blocker, "{}");
            await("the blocker runs").atMost(WAIT).until(() ->
                    json(api("GET", "/execution/" + b + "/state", null, null).body()).get("steps").get(0).get("executionState").asText().equals("RUNNING"));
            long waiting = run(quick, "{}");
            long dropped = run(quick, "{}");
            assertEquals("queued", json(api("GET", "/execution/" + waiting, null, null).body()).get("status").asText());
            assertEquals("queued", json(api("GET", "/project/jobs/executions?statusFilter=queued", null, null).body())
                    .get("executions").get(0).get("status").asText());

            JsonNode abortQueued = json(api("POST", "/execution/" + dropped + "/abort", null, null).body());
            assertEquals(abortQueued.toString(), "aborted", abortQueued.get("abort").get("status").asText());
            assertEquals("aborted", json(api("GET", "/execution/" + dropped, null, null).body()).get("status").asText());

            api("POST", "/execution/" + b + "/abort", null, null);
            JsonNode w = awaitEnd(waiting);
            assertEquals(w.toString(), "succeeded", w.get("status").asText());
            assertTrue(follow(waiting).contains("my turn"));
            assertEquals("aborted", awaitEnd(b).get("status").asText());
        } finally {
            engineLimit(256);
        }
    }
}

package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Three member processes from the built distribution on one MariaDB database, logs in an
 * S3-compatible server (S3Proxy), Debian's HAProxy in front with the configuration Windlass ships.
 * Every member fires a job each second; one member is killed with kill -9 while it runs an
 * execution; its schedules go on elsewhere, its execution ends incomplete and its retry runs on
 * another member; it comes back and rejoins. Executions forwarded by each remote execution policy
 * run where the policy says; any member aborts an execution running on another; a passive member
 * gets no traffic from the load balancer; the API and the web console answer through HAProxy the
 * whole time; and no tick fires twice.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClusterTest extends WindlassTestSupport {

    static final Duration BOOT = Duration.ofSeconds(180);
    static final String PASSWORD = "Cluster-Three-pw-1";

    @Configuration
    public Option[] config() {
        List<Option> options = baseOptions();
        String host = System.getProperty("windlass.test.mariadb.host", "127.0.0.1");
        String port = System.getProperty("windlass.test.mariadb.port", "3306");
        options.add(systemProperty("windlass.itest.distribution").value(System.getProperty("windlass.distribution")));
        options.add(systemProperty("windlass.s3proxyJar").value(System.getProperty("windlass.s3proxyJar")));
        options.add(systemProperty("windlass.itest.mariadbBase").value("jdbc:mariadb://" + host + ":" + port + "/"));
        return options.toArray(new Option[0]);
    }

    private final String auth = basic("admin", PASSWORD);

    @Test
    public void threeMembersBehindHaproxyFailOverForwardAndFireEachTickOnce() throws Exception {
        Path dist = Path.of(System.getProperty("windlass.itest.distribution"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "cluster3");
        S3ProxyProcess s3 = new S3ProxyProcess(work.resolve("s3proxy")).start();
        String db = "windlass_it_c3_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        org.mariadb.jdbc.MariaDbDataSource server = new org.mariadb.jdbc.MariaDbDataSource(System.getProperty("windlass.itest.mariadbBase"));
        server.setUser("root");
        try (Connection c = server.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String masterKey = Base64.getEncoder().encodeToString(raw);
        List<String> names = List.of("alpha", "beta", "gamma");
        Map<String, String> uuid = new LinkedHashMap<>();
        names.forEach(n -> uuid.put(n, UUID.randomUUID().toString()));
        Map<String, String> tags = Map.of("alpha", "web", "beta", "worker", "gamma", "worker");
        Map<String, List<String>> common = Map.of(
                "org.ops4j.datasource-windlass.cfg", List.of("osgi.jdbc.driver.class = org.mariadb.jdbc.Driver",
                        "url = " + System.getProperty("windlass.itest.mariadbBase") + db, "user = root", "password ="),
                "org.windlass.storage.cfg", List.of("master.key = " + masterKey),
                "org.windlass.logstore.s3-s3.cfg", List.of("bucket = cluster3-logs", "endpoint = " + s3.endpoint(),
                        "pathStyleAccess = true", "accessKeyStoragePath = keys/s3/access", "secretKeyStoragePath = keys/s3/secret",
                        "retryMaxDelay = 2s"),
                "org.windlass.engine.cfg", List.of("logStore = s3"));
        Map<String, MemberProcess> m = new LinkedHashMap<>();
        HaproxyProcess lb = null;
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = null;
        try {
            for (String n : names) {
                m.put(n, MemberProcess.unpack(dist, work.resolve(n), PASSWORD, common));
            }
            int lbPort = WindlassTestSupport.freePort();
            for (String n : names) {
                m.get(n).configure("org.windlass.cluster.cfg", List.of("member.uuid = " + uuid.get(n), "member.name = " + n,
                        "url = http://127.0.0.1:" + m.get(n).httpPort, "publicUrl = http://127.0.0.1:" + lbPort, "tags = " + tags.get(n),
                        "remoteExecution.profiles = rr, preset, load",
                        "remoteExecution.profile.rr.policy = RoundRobin", "remoteExecution.profile.rr.config.allowed = Other",
                        "remoteExecution.profile.preset.policy = Preset", "remoteExecution.profile.preset.config.uuid = " + uuid.get("gamma"),
                        "remoteExecution.profile.load.policy = Load", "remoteExecution.profile.load.config.allowedTags = worker"));
            }
            assertEquals(200, s3.request(http, "PUT", "/cluster3-logs").statusCode());
            List<Thread> starting = new ArrayList<>();
            for (MemberProcess p : m.values()) {
                Thread t = new Thread(() -> start(p));
                t.start();
                starting.add(t);
            }
            for (Thread t : starting) {
                t.join();
            }
            for (MemberProcess p : m.values()) {
                awaitUp(p);
            }
            // the load balancer, from the shipped configuration, on the port the members' publicUrl names
            lb = startLb(m, work, lbPort);
            HaproxyProcess balancer = lb;
            await("HAProxy sees the members").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> get(balancer.url("/health")).statusCode() == 200);
            // sticky sessions: the cookie HAProxy sets names one member, and every request carrying it goes there
            HttpResponse<String> firstVisit = get(balancer.url("/health"));
            String cookie = firstVisit.headers().firstValue("set-cookie").orElseThrow(() ->
                    new AssertionError("HAProxy set no session cookie: " + firstVisit.headers().map())).split(";")[0];
            assertTrue(cookie, cookie.startsWith("WINDLASS_MEMBER="));
            String stuckTo = uuid.get(cookie.substring("WINDLASS_MEMBER=".length()));
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(balancer.url("/health"))).header("Cookie", cookie)
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(cookie + " -> " + again.body(), again.body().contains(stuckTo));
            }
            JsonNode members = json(get(balancer.url("/api/48/cluster/members")).body()).get("members");
            assertEquals(members.toString(), 3, members.size());
            members.forEach(x -> assertEquals(x.toString(), "active", x.get("state").asText()));

            // one authorization for the whole cluster: a policy put through alpha applies on gamma within seconds
            HttpResponse<String> viewerToken = post(m.get("alpha").url("/api/48/tokens"), JSON, "{\"user\":\"viewer\",\"roles\":[\"viewers\"]}");
            assertEquals(viewerToken.body(), 201, viewerToken.statusCode());
            String viewer = json(viewerToken.body()).get("token").asText();
            String gammaInfo = m.get("gamma").url("/api/48/system/info");
            assertEquals(403, withToken(gammaInfo, viewer).statusCode());
            HttpResponse<String> policy = post(m.get("alpha").url("/api/48/system/acl/viewers.aclpolicy"), "application/yaml", String.join("\n",
                    "description: viewers read the system information", "context:", "  application: rundeck", "for:", "  resource:",
                    "    - equals: {kind: system}", "      allow: read", "by:", "  group: viewers", ""));
            assertEquals(policy.body(), 201, policy.statusCode());
            Instant granted = Instant.now();
            await("the policy applies on gamma").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> withToken(gammaInfo, viewer).statusCode() == 200);
            System.out.println("[ClusterTest] a policy put through alpha applied on gamma after "
                    + Duration.between(granted, Instant.now()).toMillis() + " ms");

            // one set of users for the whole cluster: a user added through alpha logs in on gamma at once
            HttpResponse<String> added = post(m.get("alpha").url("/api/48/system/users"), JSON,
                    "{\"login\":\"dora\",\"password\":\"Dora-pw-1234\",\"groups\":[\"viewers\"]}");
            assertEquals(added.body(), 201, added.statusCode());
            HttpResponse<String> doraOnGamma = http.send(HttpRequest.newBuilder(URI.create(gammaInfo))
                    .header("Authorization", basic("dora", "Dora-pw-1234")).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(doraOnGamma.body(), 200, doraOnGamma.statusCode());

            for (String k : List.of("access", "secret")) {
                assertEquals(201, post(balancer.url("/api/48/storage/keys/s3/" + k), "application/x-rundeck-data-password", "it-" + k).statusCode());
            }
            assertEquals(201, post(balancer.url("/api/48/projects"), JSON, "{\"name\":\"ops\"}").statusCode());
            // each member saves one per-second job: it owns that job's schedule
            Map<String, String> tick = new LinkedHashMap<>();
            for (String n : names) {
                tick.put(n, importJob(m.get(n), "- name: tick-" + n + "\n  multipleExecutions: true\n  schedule:\n    crontab: '* * * * * ? *'\n"
                        + "  sequence:\n    commands:\n    - exec: echo tick\n"));
            }
            String rr = importJob(m.get("alpha"), policyJob("rr"));
            String preset = importJob(m.get("alpha"), policyJob("preset"));
            String load = importJob(m.get("alpha"), policyJob("load"));
            String sleeper = importJob(m.get("alpha"), "- name: sleeper\n  multipleExecutions: true\n  sequence:\n    commands:\n"
                    + "    - exec: echo begin; sleep 60\n");
            String retried = importJob(m.get("alpha"), "- name: long-with-retry\n  retry: '1'\n  sequence:\n    commands:\n"
                    + "    - exec: echo begin on ${job.serverUUID}; sleep 60\n");
            JsonNode scheduled = json(get(balancer.url("/api/48/scheduler/server/" + uuid.get("beta") + "/jobs")).body());
            assertEquals(scheduled.toString(), tick.get("beta"), scheduled.get(0).get("id").asText());
            assertTrue(scheduled.toString(), scheduled.get(0).get("href").asText().startsWith("http://127.0.0.1:" + lbPort + "/api/48/job/"));

            // ---- remote execution policies: started on alpha, run where the policy says
            List<String> turns = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                turns.add(runAndCheck(m.get("alpha"), rr, balancer));
            }
            assertEquals(List.of(turns.get(0), turns.get(1), turns.get(0), turns.get(1)), turns);
            assertEquals(Set.of(uuid.get("beta"), uuid.get("gamma")), new HashSet<>(turns));
            assertEquals(uuid.get("gamma"), runAndCheck(m.get("alpha"), preset, balancer));
            for (int i = 0; i < 3; i++) {
                String on = runAndCheck(m.get("alpha"), load, balancer);
                assertTrue("Load with allowedTags worker runs on beta or gamma, not " + on,
                        on.equals(uuid.get("beta")) || on.equals(uuid.get("gamma")));
            }

            // ---- any member aborts an execution running on another
            long sleeping = run(m.get("gamma"), sleeper);
            await("the sleeper runs on gamma").atMost(Duration.ofSeconds(60)).until(() ->
                    get(m.get("alpha").url("/api/48/execution/" + sleeping + "/output")).body().contains("begin"));
            HttpResponse<String> abort = post(m.get("alpha").url("/api/48/execution/" + sleeping + "/abort"), JSON, "{}");
            assertEquals(abort.body(), 200, abort.statusCode());
            await("gamma aborts it").atMost(Duration.ofSeconds(30)).until(() ->
                    execution(m.get("beta"), sleeping).get("status").asText().equals("aborted"));
            assertEquals("admin", execution(m.get("alpha"), sleeping).get("abortedby").asText());

            // ---- a passive member: no executions, no traffic from the load balancer
            Instant passiveFrom = Instant.now();
            assertEquals(200, post(m.get("alpha").url("/api/48/system/executions/disable?uuid=" + uuid.get("gamma")), JSON, "").statusCode());
            await("HAProxy skips passive gamma").atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 6; i++) {
                    if (get(balancer.url("/health")).body().contains(uuid.get("gamma"))) {
                        return false;
                    }
                }
                return true;
            });
            await("gamma knows it is passive").atMost(Duration.ofSeconds(10)).until(() ->
                    get(m.get("gamma").url("/api/48/system/executions/status")).body().contains("passive"));
            for (int i = 0; i < 2; i++) {
                assertEquals("a passive member is no candidate", uuid.get("beta"), runAndCheck(m.get("alpha"), rr, balancer));
            }
            HttpResponse<String> refused = post(m.get("gamma").url("/api/48/job/" + sleeper + "/run"), JSON, "{}");
            assertEquals(refused.body(), 400, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("passive"));
            assertEquals(200, post(m.get("beta").url("/api/48/system/executions/enable?uuid=" + uuid.get("gamma")), JSON, "").statusCode());
            await("gamma knows it is active again").atMost(Duration.ofSeconds(10)).until(() ->
                    get(m.get("gamma").url("/api/48/system/executions/status")).body().contains("\"active\""));
            Instant passiveTo = Instant.now();
            await("HAProxy sends to gamma again").atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 6; i++) {
                    if (get(balancer.url("/health")).body().contains(uuid.get("gamma"))) {
                        return true;
                    }
                }
                return false;
            });

            // ---- every member fires its own job
            for (String n : names) {
                await("tick-" + n + " fires").atMost(Duration.ofSeconds(60)).until(() -> count(executions(balancer, tick.get(n)), "succeeded") >= 3);
            }

            // ---- the API and the web console through HAProxy, the whole time from here
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger polls = new AtomicInteger();
            poller = new Thread(() -> {
                while (polling.get()) {
                    for (String path : List.of("/api/48/system/info", "/system/console/bundles")) {
                        try {
                            int status = get(balancer.url(path)).statusCode();
                            polls.incrementAndGet();
                            if (status != 200) {
                                failures.add(Instant.now() + " " + path + " " + status);
                            }
                        } catch (Exception e) {
                            failures.add(Instant.now() + " " + path + " " + e);
                        }
                    }
                    try {
                        Thread.sleep(200); // the poll's pace, not a wait for a condition
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            poller.start();

            // ---- beta dies with kill -9 while it runs an execution whose job has a retry left
            long longOne = run(m.get("beta"), retried);
            await("beta runs it").atMost(Duration.ofSeconds(60)).until(() ->
                    get(m.get("alpha").url("/api/48/execution/" + longOne + "/output")).body().contains("begin on " + uuid.get("beta")));
            m.get("beta").kill();
            Instant killed = Instant.now();

            // its schedule fires on a survivor
            String betaJob = tick.get("beta");
            Instant[] firstElsewhere = new Instant[1];
            await("beta's schedule fires elsewhere").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (JsonNode e : executions(balancer, betaJob)) {
                    String on = e.path("serverUUID").asText();
                    Instant started = Instant.ofEpochMilli(e.path("date-started").path("unixtime").asLong());
                    if (!on.equals(uuid.get("beta")) && started.isAfter(killed)) {
                        firstElsewhere[0] = started;
                        return true;
                    }
                }
                return false;
            });
            System.out.println("[ClusterTest] kill -9 to the first fire of beta's schedule on a survivor: "
                    + Duration.between(killed, firstElsewhere[0]).toMillis() + " ms");
            JsonNode betaState = json(get(balancer.url("/api/48/cluster/members/" + uuid.get("beta"))).body());
            assertEquals(betaState.toString(), "dead", betaState.get("state").asText());

            // its execution ended incomplete, and the retry runs on another member
            await("beta's execution ends incomplete").atMost(Duration.ofSeconds(60)).until(() ->
                    execution(m.get("alpha"), longOne).get("status").asText().equals("incomplete"));
            assertTrue(execution(m.get("alpha"), longOne).toString(), execution(m.get("alpha"), longOne).get("reason").asText().contains("died"));
            long[] retry = {0};
            await("the retry runs elsewhere").atMost(Duration.ofSeconds(60)).until(() -> {
                for (JsonNode e : executions(balancer, retried)) {
                    if (e.path("retriedExecution").path("id").asLong() == longOne) {
                        retry[0] = e.get("id").asLong();
                        return e.get("status").asText().equals("running");
                    }
                }
                return false;
            });
            JsonNode retryRun = execution(m.get("alpha"), retry[0]);
            assertFalse(retryRun.toString(), retryRun.get("serverUUID").asText().equals(uuid.get("beta")));
            assertEquals(1, retryRun.get("retryAttempt").asInt());
            await("the retry's log says where it runs").atMost(Duration.ofSeconds(60)).until(() ->
                    get(balancer.url("/api/48/execution/" + retry[0] + "/output")).body().contains("begin on " + retryRun.get("serverUUID").asText()));
            assertEquals(200, post(balancer.url("/api/48/execution/" + retry[0] + "/abort"), JSON, "{}").statusCode());

            // ---- beta comes back and rejoins: active, owning nothing
            start(m.get("beta"));
            awaitUp(m.get("beta"));
            await("beta rejoins").atMost(Duration.ofSeconds(60)).until(() ->
                    json(get(balancer.url("/api/48/cluster/members/" + uuid.get("beta"))).body()).get("state").asText().equals("active"));
            assertEquals("[]", get(balancer.url("/api/48/scheduler/server/" + uuid.get("beta") + "/jobs")).body().strip());
            await("HAProxy sends to beta again").atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 6; i++) {
                    if (get(balancer.url("/health")).body().contains(uuid.get("beta"))) {
                        return true;
                    }
                }
                return false;
            });
            polling.set(false);
            poller.join();
            assertTrue("the API and the web console answered through HAProxy throughout (" + polls.get() + " requests): " + failures,
                    failures.isEmpty() && polls.get() > 20);

            // ---- over the whole run: no tick fired twice, none missed
            for (String n : names) {
                // gamma skipped its ticks (claimed, not run) while it was passive
                auditTicks(balancer, tick.get(n), n, n.equals("gamma") ? passiveFrom.minusSeconds(1) : null, passiveTo.plusSeconds(1));
            }
        } finally {
            polling.set(false);
            if (poller != null) {
                poller.join();
            }
            if (lb != null) {
                lb.close();
            }
            for (MemberProcess p : m.values()) {
                p.close();
            }
            s3.close();
        }
    }

    private static String policyJob(String profile) {
        return "- name: " + profile + "-job\n  executionPolicyProfile: " + profile + "\n  multipleExecutions: true\n"
                + "  sequence:\n    commands:\n    - exec: echo ran on ${job.serverUUID}\n";
    }

    private HaproxyProcess startLb(Map<String, MemberProcess> m, Path work, int port) throws Exception {
        Path shipped = m.values().iterator().next().home.resolve("etc/haproxy.cfg.example");
        List<Integer> ports = m.values().stream().map(p -> p.httpPort).toList();
        return HaproxyProcess.start(shipped, work.resolve("haproxy"), List.copyOf(m.keySet()), ports, port);
    }

    /** Runs a job on the member, waits for its end, checks its log (read through the load balancer) and returns where it ran. */
    private String runAndCheck(MemberProcess member, String jobId, HaproxyProcess lb) throws Exception {
        long id = run(member, jobId);
        await("execution " + id + " ends").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String s = execution(member, id).get("status").asText();
            return !s.equals("running") && !s.equals("queued");
        });
        JsonNode e = execution(member, id);
        assertEquals(e.toString(), "succeeded", e.get("status").asText());
        String on = e.get("serverUUID").asText();
        await("its log through the load balancer").atMost(Duration.ofSeconds(30)).until(() ->
                get(lb.url("/api/48/execution/" + id + "/output")).body().contains("ran on " + on));
        return on;
    }

    private long run(MemberProcess member, String jobId) throws Exception {
        HttpResponse<String> r = post(member.url("/api/48/job/" + jobId + "/run"), JSON, "{}");
        assertEquals(r.body(), 200, r.statusCode());
        return json(r.body()).get("id").asLong();
    }

    private JsonNode execution(MemberProcess member, long id) throws Exception {
        return json(get(member.url("/api/48/execution/" + id)).body());
    }

    private List<JsonNode> executions(HaproxyProcess lb, String jobId) throws Exception {
        JsonNode page = json(get(lb.url("/api/48/project/ops/executions?jobIdListFilter=" + jobId + "&max=2000")).body());
        List<JsonNode> out = new ArrayList<>();
        page.get("executions").forEach(out::add);
        return out;
    }

    private static int count(List<JsonNode> executions, String status) {
        return (int) executions.stream().filter(e -> e.get("status").asText().equals(status)).count();
    }

    private static final Pattern TICK = Pattern.compile("for the tick at (\\S+) \\(");

    /**
     * Each tick of the job's schedule once, fired or recorded as missed, with no second left out
     * but those between skipFrom and skipTo (the member was passive: its ticks were claimed and skipped).
     */
    private void auditTicks(HaproxyProcess lb, String jobId, String name, Instant skipFrom, Instant skipTo) throws Exception {
        Map<Instant, List<Long>> byTick = new HashMap<>();
        Set<Instant> missed = new TreeSet<>();
        for (JsonNode e : executions(lb, jobId)) {
            String status = e.get("status").asText();
            long id = e.get("id").asLong();
            if (status.equals("missed")) {
                missed.add(Instant.ofEpochMilli(e.path("date-started").path("unixtime").asLong()));
                continue;
            }
            if (status.equals("running") || status.equals("queued")) {
                continue;
            }
            String out = get(lb.url("/api/48/execution/" + id + "/output?maxlines=5")).body();
            Matcher t = TICK.matcher(out);
            assertTrue("execution " + id + " of tick-" + name + " names its tick: " + out, t.find());
            byTick.computeIfAbsent(Instant.parse(t.group(1)), k -> new ArrayList<>()).add(id);
        }
        byTick.forEach((t, ids) -> assertEquals("tick " + t + " of tick-" + name + " fired by " + ids, 1, ids.size()));
        TreeSet<Instant> all = new TreeSet<>(byTick.keySet());
        for (Instant t : missed) {
            assertFalse("tick " + t + " of tick-" + name + " both fired and missed", all.contains(t));
        }
        assertTrue("tick-" + name + " missed " + missed + " (the takeover came within the misfire threshold)", missed.isEmpty());
        List<Instant> gaps = new ArrayList<>();
        for (Instant t = all.first(); t.isBefore(all.last()); t = t.plusSeconds(1)) {
            boolean skipped = skipFrom != null && !t.isBefore(skipFrom) && !t.isAfter(skipTo);
            if (!all.contains(t) && !skipped) {
                gaps.add(t);
            }
        }
        assertTrue("tick-" + name + ": ticks neither fired nor missed: " + gaps, gaps.isEmpty());
        System.out.println("[ClusterTest] tick-" + name + ": " + all.size() + " ticks from " + all.first() + " to " + all.last()
                + ", each fired once");
    }

    private String importJob(MemberProcess member, String yaml) throws Exception {
        HttpResponse<String> r = post(member.url("/api/48/project/ops/jobs/import?fileformat=yaml"), "application/yaml", yaml);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode result = json(r.body());
        assertEquals(r.body(), 0, result.get("failed").size());
        return result.get("succeeded").get(0).get("id").asText();
    }

    private void awaitUp(MemberProcess p) throws Exception {
        try {
            await().atMost(BOOT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(p.url("/api/48/projects")).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Path log = p.home.resolve("data/log/karaf.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no karaf.log)");
            throw new AssertionError("member in " + p.home + " did not answer within " + BOOT + "; last lines of karaf.log:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())), e);
        }
    }

    private static void start(MemberProcess p) {
        try {
            p.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the member in " + p.home, e);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", JSON)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> withToken(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Rundeck-Auth-Token", token).header("Accept", JSON)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String type, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", auth).header("Accept", JSON)
                .header("Content-Type", type).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

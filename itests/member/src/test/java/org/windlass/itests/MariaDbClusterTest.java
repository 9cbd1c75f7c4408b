package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Members on a real MariaDB server over TCP (127.0.0.1:3306 unless windlass.test.mariadb.host/port
 * say otherwise), each test run on databases of its own: the pax-exam member on one, and two more
 * member processes started together on another, empty one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MariaDbClusterTest extends WindlassTestSupport {

    static final String PASSWORD = "Cluster-Admin-Pw-1";
    static final Duration BOOT = Duration.ofSeconds(120);

    @Configuration
    public Option[] config() throws Exception {
        String host = System.getProperty("windlass.test.mariadb.host", "127.0.0.1");
        String port = System.getProperty("windlass.test.mariadb.port", "3306");
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dbA = "windlass_it_a_" + suffix;
        String dbB = "windlass_it_b_" + suffix;
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://" + host + ":" + port + "/", "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            s.execute("CREATE DATABASE " + dbB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        String masterKey = Base64.getEncoder().encodeToString(raw);
        String ds = "etc/org.ops4j.datasource-windlass.cfg";
        List<Option> options = baseOptions();
        options.add(editConfigurationFilePut(ds, "osgi.jdbc.driver.class", "org.mariadb.jdbc.Driver"));
        options.add(editConfigurationFilePut(ds, "url", "jdbc:mariadb://" + host + ":" + port + "/" + dbA));
        options.add(editConfigurationFilePut(ds, "user", "root"));
        options.add(editConfigurationFilePut(ds, "password", ""));
        options.add(editConfigurationFilePut("etc/org.windlass.security.cfg", "admin.password", PASSWORD));
        options.add(editConfigurationFilePut("etc/org.windlass.storage.cfg", "master.key", masterKey));
        options.add(systemProperty("windlass.itest.clusterDbUrl").value("jdbc:mariadb://" + host + ":" + port + "/" + dbB));
        options.add(systemProperty("windlass.itest.masterKey").value(masterKey));
        options.add(systemProperty("windlass.itest.distribution").value(System.getProperty("windlass.distribution")));
        options.add(systemProperty("windlass.s3proxyJar").value(System.getProperty("windlass.s3proxyJar")));
        options.add(systemProperty("windlass.itest.mariadbBase").value("jdbc:mariadb://" + host + ":" + port + "/"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void thisMemberKeepsProjectsAndKeysInMariaDb() throws Exception {
        String auth = basic("admin", PASSWORD);
        await().atMost(BOOT).until(() -> get("/api/48/projects", "Authorization", auth).statusCode() == 200);
        assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"on-mariadb\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
        assertEquals(201, send("POST", "/api/48/storage/keys/m/pw", "pw-on-mariadb", "Authorization", auth,
                "Content-Type", "application/x-rundeck-data-password").statusCode());
        javax.sql.DataSource ds = bundleContext.getService(bundleContext.getServiceReferences(javax.sql.DataSource.class, "(dataSourceName=windlass)").iterator().next());
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM wl_project WHERE name = 'on-mariadb'")) {
            assertTrue(c.getMetaData().getDatabaseProductName().toLowerCase().contains("mariadb"));
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    public void twoMembersStartingTogetherOnAnEmptyDatabaseBothComeUpAndShareEverything() throws Exception {
        Path dist = Path.of(System.getProperty("windlass.itest.distribution"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "members");
        Map<String, List<String>> cfg = Map.of(
                "org.ops4j.datasource-windlass.cfg", List.of(
                        "osgi.jdbc.driver.class = org.mariadb.jdbc.Driver",
                        "url = " + System.getProperty("windlass.itest.clusterDbUrl"),
                        "user = root",
                        "password ="),
                "org.windlass.storage.cfg", List.of("master.key = " + System.getProperty("windlass.itest.masterKey")));
        try (MemberProcess b = MemberProcess.unpack(dist, work.resolve("b"), "Member-B-pw-1", cfg);
             MemberProcess c = MemberProcess.unpack(dist, work.resolve("c"), "Member-C-pw-1", cfg)) {
            Thread startB = new Thread(() -> start(b));
            startB.start();
            start(c);
            startB.join();
            String authB = basic("admin", b.adminPassword);
            String authC = basic("admin", c.adminPassword);
            for (MemberProcess m : List.of(b, c)) {
                String a = m == b ? authB : authC;
                awaitUp(m, a);
            }
            // a change through one member is visible through the other at once
            assertEquals(201, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.url("/api/48/projects")))
                    .header("Authorization", authB).header("Content-Type", JSON)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"shared\",\"config\":{\"owner\":\"b\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> onC = getUrl(c.url("/api/48/project/shared/config/owner"), authC);
            assertEquals(onC.body(), 200, onC.statusCode());
            assertTrue(onC.body().contains("\"value\":\"b\""));
            assertEquals(201, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(c.url("/api/48/storage/keys/shared/token")))
                    .header("Authorization", authC).header("Content-Type", "application/x-rundeck-data-password")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("from-c")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> keyOnB = getUrl(b.url("/api/48/storage/keys/shared/token"), authB);
            assertEquals(keyOnB.body(), 200, keyOnB.statusCode());
            assertTrue(keyOnB.body().contains("\"Rundeck-key-type\":\"password\""));
            // the two members applied each migration once between them
            int latest;
            org.mariadb.jdbc.MariaDbDataSource db = new org.mariadb.jdbc.MariaDbDataSource(System.getProperty("windlass.itest.clusterDbUrl"));
            db.setUser("root");
            try (Connection conn = db.getConnection(); Statement st = conn.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), MAX(CAST(version AS UNSIGNED))"
                         + " FROM wl_schema_history WHERE success = 1")) {
                rs.next();
                latest = rs.getInt(3);
                assertTrue("migrations applied: " + latest, latest >= 6);
                assertEquals("each migration once", latest, rs.getInt(1));
                assertEquals(latest, rs.getInt(2));
            }
            String log = Files.readString(b.home.resolve("data/log/karaf.log")) + Files.readString(c.home.resolve("data/log/karaf.log"));
            assertTrue("both members report the schema", log.split("Cluster database schema is at version " + latest + " ", -1).length == 3);
            // an API token made through one member works on the other
            HttpResponse<String> token = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.url("/api/48/tokens")))
                    .header("Authorization", authB).header("Content-Type", JSON)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"duration\":\"1h\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(token.body(), 201, token.statusCode());
            String secret = MemberBootTest.field(token.body(), "token");
            HttpResponse<String> withToken = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(c.url("/api/48/system/info")))
                    .header("X-Rundeck-Auth-Token", secret).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withToken.statusCode());
        }
    }

    @Test
    public void aMemberKilledDuringAnExecutionMarksItIncompleteWhenItStartsAgain() throws Exception {
        Path dist = Path.of(System.getProperty("windlass.itest.distribution"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "restart");
        try (MemberProcess m = MemberProcess.unpack(dist, work.resolve("r"), "Restart-pw-1", Map.of())) {
            String auth = basic("admin", m.adminPassword);
            start(m);
            awaitUp(m, auth);
            assertEquals(201, post(m.url("/api/48/projects"), auth, JSON, "{\"name\":\"r\"}").statusCode());
            HttpResponse<String> imported = post(m.url("/api/48/project/r/jobs/import?fileformat=yaml"), auth, "application/yaml",
                    "- name: long\n  sequence:\n    commands:\n    - exec: echo started; sleep 300\n");
            assertEquals(imported.body(), 200, imported.statusCode());
            String jobId = MemberBootTest.field(imported.body(), "id");
            HttpResponse<String> run = post(m.url("/api/48/job/" + jobId + "/run"), auth, JSON, "{}");
            assertEquals(run.body(), 200, run.statusCode());
            String execId = run.body().replaceAll("(?s)^\\{\"id\":(\\d+),.*$", "$1");
            await().atMost(BOOT).until(() -> getUrl(m.url("/api/48/execution/" + execId + "/output"), auth).body().contains("started"));
            m.kill();
            start(m);
            await().atMost(BOOT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> getUrl(m.url("/api/48/execution/" + execId), auth).body().contains("\"status\":\"incomplete\""));
            String e = getUrl(m.url("/api/48/execution/" + execId), auth).body();
            assertTrue(e, e.contains("stopped while the execution ran"));
            String out = getUrl(m.url("/api/48/execution/" + execId + "/output"), auth).body();
            assertTrue(out, out.contains("\"completed\":true"));
            assertTrue(out, out.contains("incomplete"));
        }
    }

    @Test
    public void ticksMissedWhileAMemberWasDownAreRecordedAsMissedAndItsScheduleGoesOn() throws Exception {
        Path dist = Path.of(System.getProperty("windlass.itest.distribution"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "missed");
        try (MemberProcess m = MemberProcess.unpack(dist, work.resolve("s"), "Missed-pw-1",
                Map.of("org.windlass.scheduler.cfg", List.of("misfireThreshold = 1s")))) {
            String auth = basic("admin", m.adminPassword);
            start(m);
            awaitUp(m, auth);
            assertEquals(201, post(m.url("/api/48/projects"), auth, JSON, "{\"name\":\"s\"}").statusCode());
            HttpResponse<String> imported = post(m.url("/api/48/project/s/jobs/import?fileformat=yaml"), auth, "application/yaml",
                    "- name: tick\n  schedule:\n    crontab: '* * * * * ? *'\n  sequence:\n    commands:\n    - exec: echo tick\n");
            assertEquals(imported.body(), 200, imported.statusCode());
            String jobId = MemberBootTest.field(imported.body(), "id");
            String list = "/api/48/project/s/executions?jobIdListFilter=" + jobId + "&max=1000";
            await().atMost(BOOT).until(() -> count(getUrl(m.url(list), auth).body(), "\"status\":\"succeeded\"") >= 2);
            m.kill();
            Instant down = Instant.now();
            // down for four seconds: ticks pass with no member to fire them
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> true);
            start(m);
            await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> count(getUrl(m.url(list), auth).body(), "\"status\":\"missed\"") >= 3);
            // after the missed ones, the schedule fires again
            await().atMost(BOOT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                String body = getUrl(m.url(list), auth).body();
                return java.util.regex.Pattern.compile("\"status\":\"succeeded\".{0,400}\"date-started\":\\{\"unixtime\":(\\d+)")
                        .matcher(body).results().anyMatch(r -> Long.parseLong(r.group(1)) > down.toEpochMilli() + 4000);
            });
            String body = getUrl(m.url(list), auth).body();
            // no second is both missed and fired
            java.util.List<String> starts = java.util.regex.Pattern.compile("\"date-started\":\\{\"unixtime\":(\\d+)")
                    .matcher(body).results().map(r -> Long.toString(Long.parseLong(r.group(1)) / 1000)).toList();
            assertEquals(body, starts.size(), new java.util.HashSet<>(starts).size());
            assertTrue(body, body.contains("was not running or could not fire the tick at"));
        }
    }

    /** Waits until the member's API answers; on timeout the failure shows the end of its log. */
    private void awaitUp(MemberProcess m, String auth) throws Exception {
        try {
            await().atMost(BOOT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> getUrl(m.url("/api/48/projects"), auth).statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Path log = m.home.resolve("data/log/karaf.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of("(no karaf.log)");
            Path out = m.home.resolve("process.log");
            String process = Files.exists(out) ? Files.readString(out) : "(no process.log)";
            throw new AssertionError("member in " + m.home + " did not answer within " + BOOT + "; process output:\n" + process
                    + "\nlast lines of karaf.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())), e);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    public void aSecondMemberFollowsARunningExecutionThroughS3AndABacklogSurvivesAKill() throws Exception {
        Path dist = Path.of(System.getProperty("windlass.itest.distribution"));
        Path work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "s3members");
        S3ProxyProcess s3 = new S3ProxyProcess(work.resolve("s3proxy")).start();
        String db = "windlass_it_s3_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        org.mariadb.jdbc.MariaDbDataSource server = new org.mariadb.jdbc.MariaDbDataSource(System.getProperty("windlass.itest.mariadbBase"));
        server.setUser("root");
        try (Connection c = server.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        Map<String, List<String>> cfg = Map.of(
                "org.ops4j.datasource-windlass.cfg", List.of("osgi.jdbc.driver.class = org.mariadb.jdbc.Driver",
                        "url = " + System.getProperty("windlass.itest.mariadbBase") + db, "user = root", "password ="),
                "org.windlass.storage.cfg", List.of("master.key = " + System.getProperty("windlass.itest.masterKey")),
                "org.windlass.logstore.s3-s3.cfg", List.of("bucket = cluster-logs", "endpoint = " + s3.endpoint(),
                        "pathStyleAccess = true", "accessKeyStoragePath = keys/s3/access", "secretKeyStoragePath = keys/s3/secret",
                        "retryMaxDelay = 2s"),
                "org.windlass.engine.cfg", List.of("logStore = s3"));
        try (MemberProcess a = MemberProcess.unpack(dist, work.resolve("a"), "S3-Member-A-pw", cfg);
             MemberProcess b = MemberProcess.unpack(dist, work.resolve("b"), "S3-Member-B-pw", cfg)) {
            assertEquals(200, s3.request(http, "PUT", "/cluster-logs").statusCode());
            Thread startB = new Thread(() -> start(b));
            startB.start();
            start(a);
            startB.join();
            String authA = basic("admin", a.adminPassword);
            String authB = basic("admin", b.adminPassword);
            awaitUp(a, authA);
            awaitUp(b, authB);
            for (String k : List.of("access", "secret")) {
                HttpResponse<String> r = post(a.url("/api/48/storage/keys/s3/" + k), authA, "application/x-rundeck-data-password", "it-" + k);
                assertEquals(r.body(), 201, r.statusCode());
            }
            assertEquals(201, post(a.url("/api/48/projects"), authA, JSON, "{\"name\":\"s3c\"}").statusCode());
            HttpResponse<String> imported = post(a.url("/api/48/project/s3c/jobs/import?fileformat=yaml"), authA, "application/yaml",
                    "- name: ticker\n  multipleExecutions: true\n  sequence:\n    commands:\n"
                            + "    - exec: for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 0.4; done\n");
            assertEquals(imported.body(), 200, imported.statusCode());
            String jobId = MemberBootTest.field(imported.body(), "id");
            String execId = execId(post(a.url("/api/48/job/" + jobId + "/run"), authA, JSON, "{}"));

            // member B follows the execution running on A, by offset, through S3
            java.util.List<String> followed = new java.util.ArrayList<>();
            long[] offset = {0};
            boolean[] sawRunning = {false};
            await("B follows A's execution").atMost(BOOT).pollInterval(Duration.ofMillis(200)).until(() -> {
                String out = getUrl(b.url("/api/48/execution/" + execId + "/output?offset=" + offset[0]), authB).body();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"log\":\"(tick \\d+)\"").matcher(out);
                while (m.find()) {
                    followed.add(m.group(1));
                }
                java.util.regex.Matcher o = java.util.regex.Pattern.compile("\"offset\":\"?(\\d+)").matcher(out);
                if (o.find()) {
                    offset[0] = Long.parseLong(o.group(1));
                }
                if (!followed.isEmpty() && !out.contains("\"execCompleted\":true")) {
                    sawRunning[0] = true;
                }
                return out.contains("\"completed\":true") && out.contains("\"execCompleted\":true");
            });
            assertTrue("B read lines while the execution still ran on A", sawRunning[0]);
            assertEquals(java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> "tick " + i).toList(), followed);

            // S3 goes away; A finishes an execution (its log waits in A's spool) and is killed; both come back
            s3.stop();
            String second = execId(post(a.url("/api/48/job/" + jobId + "/run"), authA, JSON, "{}"));
            await("the second execution ends").atMost(BOOT).until(() ->
                    getUrl(a.url("/api/48/execution/" + second), authA).body().contains("\"status\":\"succeeded\""));
            await("its upload waits").atMost(BOOT).until(() ->
                    getUrl(a.url("/api/48/system/logstorage/incomplete"), authA).body().contains("\"id\":" + second));
            a.kill();
            s3.start();
            start(a);
            awaitUp(a, authA);
            await("the backlog is uploaded after the restart").atMost(BOOT).pollInterval(Duration.ofMillis(500)).until(() ->
                    getUrl(a.url("/api/48/system/logstorage"), authA).body().contains("\"queuedCount\":0"));
            String onB = getUrl(b.url("/api/48/execution/" + second + "/output"), authB).body();
            assertTrue(onB, onB.contains("tick 10") && onB.contains("\"completed\":true"));
        } finally {
            s3.close();
        }
    }

    private static String execId(HttpResponse<String> run) {
        assertEquals(run.body(), 200, run.statusCode());
        return run.body().replaceAll("(?s)^\\{\"id\":(\\d+),.*$", "$1");
    }

    private HttpResponse<String> post(String url, String auth, String type, String body) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", auth)
                .header("Content-Type", type).timeout(Duration.ofSeconds(30))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void start(MemberProcess m) {
        try {
            m.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the member in " + m.home, e);
        }
    }

    private HttpResponse<String> getUrl(String url, String auth) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

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
 * Remote nodes over SSH in the booted distribution, against Debian's OpenSSH server on loopback:
 * keys and passwords from key storage, project defaults, script copies, host key policies,
 * timeouts, the failures of one node among others, and no thread or connection left behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SshNodesTest extends WindlassTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PASSWORD = "Wl-ssh-" + Long.toHexString(System.nanoTime());
    private static final String PROJECT = "remote";

    private static boolean ready;
    private static OpenSshServer sshd;
    private static Path work;
    private static Path copyDir;
    private static Path nodesFile;
    private static int refusedPort;

    @Configuration
    public Option[] config() {
        return baseOptions().toArray(new Option[0]);
    }

    @Before
    public void setUp() throws Exception {
        if (ready) {
            return;
        }
        OpenSshServer.ensureUser(PASSWORD);
        work = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "ssh");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        copyDir = Files.createDirectories(work.resolve("copies"));
        Files.setPosixFilePermissions(copyDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path ed25519 = OpenSshServer.keygen(work.resolve("id_ed25519"), "ed25519", "");
        Path rsa = OpenSshServer.keygen(work.resolve("id_rsa"), "rsa", "rsa pass phrase");
        sshd = new OpenSshServer(work.resolve("sshd"), freePort());
        // pax-exam runs @AfterClass after every test method: the server goes when the container does
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                sshd.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sshd-stop"));
        sshd.start(List.of(Path.of(ed25519 + ".pub"), Path.of(rsa + ".pub")), true);
        try (ServerSocket s = new ServerSocket(0)) {
            refusedPort = s.getLocalPort();
        }

        putKey("ssh/ed25519", "application/octet-stream", Files.readString(ed25519));
        putKey("ssh/rsa", "application/octet-stream", Files.readString(rsa));
        putKey("ssh/rsa-pass", "application/x-rundeck-data-password", "rsa pass phrase");
        putKey("ssh/password", "application/x-rundeck-data-password", PASSWORD);
        putKey("ssh/wrong", "application/x-rundeck-data-password", "not-the-password");

        String host = "127.0.0.1:" + sshd.port;
        nodesFile = work.resolve("nodes.yaml");
        Files.writeString(nodesFile, String.join("\n",
                "key1:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, good",
                "  ssh-key-storage-path: keys/ssh/ed25519",
                "default1:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, good",
                "encrypted1:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, good",
                "  ssh-key-storage-path: keys/ssh/rsa",
                "  ssh-key-passphrase-storage-path: keys/ssh/rsa-pass",
                "password1:",
                "  hostname: " + OpenSshServer.USER + "@" + host,
                "  tags: ssh, good",
                "  ssh-authentication: password",
                "  ssh-password-storage-path: keys/ssh/password",
                "badpassword:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, bad",
                "  ssh-authentication: password",
                "  ssh-password-storage-path: keys/ssh/wrong",
                "refused:",
                "  hostname: 127.0.0.1:" + refusedPort,
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, bad",
                "unknownhost:",
                "  hostname: no-such-host.invalid",
                "  username: " + OpenSshServer.USER,
                "  tags: ssh, bad",
                "strict1:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: strict",
                "  ssh-host-key-policy: strict",
                "slow1:",
                "  hostname: " + host,
                "  username: " + OpenSshServer.USER,
                "  tags: slow",
                "  ssh-command-timeout: '1500'",
                ""));
        // project defaults: the key for nodes without one, where scripts go
        HttpResponse<String> p = api("POST", "/projects", "{\"name\":\"" + PROJECT + "\",\"config\":{"
                + "\"resources.source.1.type\":\"file\",\"resources.source.1.config.file\":\"" + nodesFile + "\","
                + "\"project.nodeCache.delay\":\"0\","
                + "\"project.ssh-key-storage-path\":\"keys/ssh/ed25519\","
                + "\"project.file-copy-destination-dir\":\"" + copyDir + "\"}}", JSON);
        assertEquals(p.body(), 201, p.statusCode());
        ready = true;
    }

    private void putKey(String path, String type, String content) throws Exception {
        HttpResponse<String> r = send("POST", "/api/48/storage/keys/" + path, content, "X-Rundeck-Auth-Token", token(),
                "Content-Type", type);
        assertEquals(r.body(), 201, r.statusCode());
    }

    private String importJob(String yaml) throws Exception {
        return importJob(PROJECT, "yaml", yaml);
    }

    private long run(String jobId, String body) throws Exception {
        return runJob(jobId, body);
    }

    private JsonNode awaitEnd(long id) {
        return awaitEnd(id, WAIT);
    }

    /** Every log entry as "node: message". */
    private List<String> log(long id) throws Exception {
        List<String> lines = new ArrayList<>();
        JsonNode out = json(api("GET", "/execution/" + id + "/output?maxlines=100000", null, null).body());
        out.get("entries").forEach(e -> lines.add(e.path("node").asText() + ": " + e.get("log").asText()));
        return lines;
    }

    /** Waits for the end and checks the status, showing the log when it differs. */
    private JsonNode assertEnds(String status, long id) throws Exception {
        JsonNode e = awaitEnd(id);
        assertEquals(e + "\n" + String.join("\n", log(id)), status, e.get("status").asText());
        return e;
    }

    private static Set<String> names(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static String job(String name, String filter, int threads, String... commands) {
        List<String> lines = new ArrayList<>(List.of(
                "- name: " + name,
                "  nodefilters:",
                "    filter: '" + filter + "'",
                "    dispatch:",
                "      threadcount: " + threads,
                "      keepgoing: true",
                "  sequence:",
                "    keepgoing: false",
                "    commands:"));
        lines.addAll(List.of(commands));
        lines.add("");
        return String.join("\n", lines);
    }

    @Test
    public void commandsAndScriptsRunOnEveryReachableNodeAndEachBadNodeSaysWhy() throws Exception {
        String id = importJob(job("everywhere", "tags: ssh", 4,
                "    - exec: echo \"hello from $(whoami) to $RD_OPTION_WHO\"",
                "    - script: |-",
                "        #!/bin/sh",
                "        echo \"script $(stat -c %a \"$0\") in $(dirname \"$0\") args $1\"",
                "      args: '${option.who}'",
                "  options:",
                "  - name: who",
                "    value: world"));
        long exec = run(id, "{}");
        JsonNode e = assertEnds("failed", exec);
        assertEquals(String.join("\n", log(exec)), Set.of("default1", "encrypted1", "key1", "password1"), names(e.get("successfulNodes")));
        assertEquals(Set.of("badpassword", "refused", "unknownhost"), names(e.get("failedNodes")));
        List<String> log = log(exec);
        for (String node : List.of("default1", "encrypted1", "key1", "password1")) {
            assertTrue(log.toString(), log.contains(node + ": hello from " + OpenSshServer.USER + " to world"));
            assertTrue(log.toString(), log.contains(node + ": script 700 in " + copyDir + " args world"));
        }
        String all = String.join("\n", log);
        assertTrue(all, all.contains("badpassword: step 1 failed on node badpassword: node badpassword: authentication as "
                + OpenSshServer.USER + " on 127.0.0.1:" + sshd.port + " failed with the password from key storage keys/ssh/wrong"));
        assertTrue(all, all.contains("refused: step 1 failed on node refused: node refused: connection refused by 127.0.0.1:" + refusedPort));
        assertTrue(all, all.contains("unknownhost: step 1 failed on node unknownhost: node unknownhost: unknown host 'no-such-host.invalid'"));
        try (Stream<Path> left = Files.list(copyDir)) {
            assertEquals("copied scripts are removed", List.of(), left.toList());
        }
        // accept-new (the default) learned the server's key into the project's known_hosts
        HttpResponse<String> known = send("GET", "/api/48/project/" + PROJECT + "/known_hosts", null, "X-Rundeck-Auth-Token", token());
        assertEquals(known.body(), 200, known.statusCode());
        String serverKey = Files.readString(sshd.dir.resolve("host_ed25519.pub")).trim().split("\\s+")[1];
        assertTrue(known.body(), known.body().contains("[127.0.0.1]:" + sshd.port + " ssh-ed25519 " + serverKey));
    }

    @Test
    public void aChangedHostKeyIsRefusedUnderTheStrictPolicyUntilTheOperatorTrustsTheNewOne() throws Exception {
        // key1 (the default policy, accept-new) learns the key; strict1 (ssh-host-key-policy: strict) then trusts it
        assertEnds("succeeded", run(importJob(job("learn", "key1", 1, "    - exec: echo learned")), "{}"));
        String id = importJob(job("strict", "strict1", 1, "    - exec: echo strict ok"));
        assertEnds("succeeded", run(id, "{}"));

        sshd.close();
        sshd.newHostKey();
        sshd.start(List.of(work.resolve("id_ed25519.pub"), work.resolve("id_rsa.pub")), true);
        long changed = run(id, "{}");
        assertEnds("failed", changed);
        assertTrue(String.join("\n", log(changed)), String.join("\n", log(changed)).contains(
                "node strict1: host key of [127.0.0.1]:" + sshd.port + " has CHANGED"));
        // accept-new refuses a changed key too
        long learnAgain = run(importJob(job("learn", "key1", 1, "    - exec: echo learned")), "{}");
        assertEnds("failed", learnAgain);
        // the shell lists the trusted (old) key
        SshResult listed = ssh("admin", readInitialPassword(), "windlass:known-hosts " + PROJECT);
        assertEquals(listed.err(), 0, listed.exitStatus());
        assertTrue(listed.out(), listed.out().contains("[127.0.0.1]:" + sshd.port) && listed.out().contains("ssh-ed25519")
                && listed.out().contains("SHA256:"));

        HttpResponse<String> bad = send("PUT", "/api/48/project/" + PROJECT + "/known_hosts", "# ok\nnot a key line\n",
                "X-Rundeck-Auth-Token", token(), "Content-Type", "text/plain");
        assertEquals(bad.body(), 400, bad.statusCode());
        assertTrue(bad.body(), bad.body().contains("known_hosts line 2"));
        String newKey = Files.readString(sshd.dir.resolve("host_ed25519.pub")).trim().split("\\s+")[1];
        HttpResponse<String> trust = send("PUT", "/api/48/project/" + PROJECT + "/known_hosts",
                "# trusted after the host was rebuilt\n[127.0.0.1]:" + sshd.port + " ssh-ed25519 " + newKey + "\n",
                "X-Rundeck-Auth-Token", token(), "Content-Type", "text/plain");
        assertEquals(trust.body(), 200, trust.statusCode());
        assertEnds("succeeded", run(id, "{}"));

        // strict refuses a host that is not in known_hosts at all (the member reads known_hosts through a 2 s cache)
        assertEquals(204, send("DELETE", "/api/48/project/" + PROJECT + "/known_hosts", null, "X-Rundeck-Auth-Token", token()).statusCode());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            long unknown = run(id, "{}");
            return awaitEnd(unknown).get("status").asText().equals("failed") && String.join("\n", log(unknown)).contains(
                    "host [127.0.0.1]:" + sshd.port + " is not in project " + PROJECT + "'s known_hosts and the host key policy is strict");
        });
        // accept-new learns the new key again for the other tests
        assertEnds("succeeded", run(importJob(job("learn", "key1", 1, "    - exec: echo learned")), "{}"));
    }

    @Test
    public void aServerWithoutSftpGetsTheScriptOverScp() throws Exception {
        // a second OpenSSH server, its sftp subsystem left out: the copier falls back to SCP
        try (OpenSshServer noSftp = new OpenSshServer(work.resolve("sshd-no-sftp"), freePort())) {
            noSftp.start(List.of(work.resolve("id_ed25519.pub")), false);
            Path file = work.resolve("nosftp.yaml");
            Files.writeString(file, "scp1:\n  hostname: 127.0.0.1:" + noSftp.port + "\n  username: " + OpenSshServer.USER
                    + "\n  tags: scp\n  ssh-key-storage-path: keys/ssh/ed25519\n");
            assertEquals(200, send("PUT", "/api/48/project/" + PROJECT + "/config/resources.source.3.type", "{\"value\":\"file\"}",
                    "X-Rundeck-Auth-Token", token(), "Content-Type", JSON, "Accept", JSON).statusCode());
            assertEquals(200, send("PUT", "/api/48/project/" + PROJECT + "/config/resources.source.3.config.file", "{\"value\":\"" + file + "\"}",
                    "X-Rundeck-Auth-Token", token(), "Content-Type", JSON, "Accept", JSON).statusCode());
            await("the scp node is loaded").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> api("GET", "/project/" + PROJECT + "/resource/scp1", null, null).statusCode() == 200);
            String id = importJob(job("over-scp", "tags: scp", 1,
                    "    - script: |-",
                    "        #!/bin/sh",
                    "        echo \"copied by scp: $(stat -c %a \"$0\") in $(dirname \"$0\")\""));
            long e = run(id, "{}");
            assertEnds("succeeded", e);
            assertTrue(log(e).toString(), log(e).contains("scp1: copied by scp: 700 in " + copyDir));
            try (Stream<Path> left = Files.list(copyDir)) {
                assertEquals("the copy is removed (with rm, there being no SFTP)", List.of(), left.toList());
            }
        }
    }

    @Test
    public void aHangingCommandTimesOutAndAWideFanOutLeavesNoThreadOrConnectionBehind() throws Exception {
        String slow = importJob(job("slow", "slow1", 1, "    - exec: sleep 30"));
        long s = run(slow, "{}");
        JsonNode se = awaitEnd(s);
        assertEquals("failed", se.get("status").asText());
        assertTrue(log(s).toString(), String.join("\n", log(s)).contains("node slow1: the command did not finish within 1500 ms"));

        // 60 nodes on the same server, all at once
        Path wide = work.resolve("wide.yaml");
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            nodes.append("wide").append(i).append(":\n  hostname: 127.0.0.1:").append(sshd.port)
                    .append("\n  username: ").append(OpenSshServer.USER).append("\n  tags: wide\n");
        }
        Files.writeString(wide, nodes.toString());
        HttpResponse<String> src = send("PUT", "/api/48/project/" + PROJECT + "/config/resources.source.2.type", "{\"value\":\"file\"}",
                "X-Rundeck-Auth-Token", token(), "Content-Type", JSON, "Accept", JSON);
        assertEquals(src.body(), 200, src.statusCode());
        assertEquals(200, send("PUT", "/api/48/project/" + PROJECT + "/config/resources.source.2.config.file", "{\"value\":\"" + wide + "\"}",
                "X-Rundeck-Auth-Token", token(), "Content-Type", JSON, "Accept", JSON).statusCode());
        // a changed source list is picked up by the next (background) reload of the project's nodes
        String wideFilter = java.net.URLEncoder.encode("tags: wide", java.nio.charset.StandardCharsets.UTF_8);
        await("the 60 nodes are loaded").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> json(api("GET", "/project/" + PROJECT + "/resources?filter=" + wideFilter, null, null).body()).size() == 60);
        String fan = importJob(job("fan-out", "tags: wide", 60, "    - exec: sleep 2; echo done"));
        assertEnds("succeeded", run(fan, "{}")); // the first run loads the classes and pools
        await().atMost(WAIT).until(() -> connectionsTo(sshd.port) == 0);
        int threadsBefore = java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();

        long e = run(fan, "{}");
        int peakThreads = threadsBefore;
        int peakConnections = 0;
        while (json(api("GET", "/execution/" + e, null, null).body()).get("status").asText().equals("running")) {
            peakThreads = Math.max(peakThreads, java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount());
            peakConnections = Math.max(peakConnections, connectionsTo(sshd.port));
            Thread.onSpinWait();
        }
        JsonNode done = awaitEnd(e);
        assertEquals(done.toString(), "succeeded", done.get("status").asText());
        assertEquals(60, done.get("successfulNodes").size());
        assertTrue("all 60 nodes were connected at once: " + peakConnections, peakConnections >= 50);
        assertTrue("threads grew from " + threadsBefore + " to " + peakThreads + " for 60 nodes", peakThreads - threadsBefore <= 12);
        // the execution's connections close when it ends
        await("SSH connections closed").atMost(Duration.ofSeconds(20)).until(() -> connectionsTo(sshd.port) == 0);
        await("threads back").atMost(Duration.ofSeconds(60)).until(() -> java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 2);
    }

    /** Established TCP connections from this machine to the port (the member's, as no one else connects there). */
    private static int connectionsTo(int port) throws Exception {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        int n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                // remote address is field 2, state field 3 (01 = established)
                if (f.length > 3 && f[2].endsWith(hex) && f[3].equals("01")) {
                    n++;
                }
            }
        }
        return n;
    }
}

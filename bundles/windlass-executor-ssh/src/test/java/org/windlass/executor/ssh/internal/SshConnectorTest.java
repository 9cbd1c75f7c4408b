package org.windlass.executor.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.PluginException;
import org.windlass.api.storage.KeyNotFoundException;

/** The SSH connector against a real SSH server on loopback (Apache MINA sshd, in this JVM). */
class SshConnectorTest {

    private static final String PROJECT = "p1";
    private static final AtomicLong EXECUTIONS = new AtomicLong(1000);

    static KeyPair hostKey;
    static KeyPair otherHostKey;
    static String clientKeyText;
    static String encryptedKeyText;
    static KeyPair clientKey;
    static List<java.security.PublicKey> clientKeys;

    @TempDir
    Path tmp;

    private final Map<String, byte[]> storage = new ConcurrentHashMap<>();
    private final Map<String, String> knownHostsFiles = new ConcurrentHashMap<>();
    private final Map<String, String> projectProps = new HashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestSshServer server;
    private SshConnector connector;

    @BeforeAll
    static void keys(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        hostKey = g.generateKeyPair();
        otherHostKey = g.generateKeyPair();
        // the client key as an operator makes it: ssh-keygen, OpenSSH format, one plain and one encrypted
        clientKeyText = sshKeygen(dir.resolve("id"), "");
        encryptedKeyText = sshKeygen(dir.resolve("id-enc"), "pass phrase");
        clientKey = org.apache.sshd.common.util.security.SecurityUtils.loadKeyPairIdentities(null,
                org.apache.sshd.common.NamedResource.ofName("id"),
                new java.io.ByteArrayInputStream(clientKeyText.getBytes(StandardCharsets.UTF_8)), null).iterator().next();
        clientKeys = List.of(clientKey.getPublic(), org.apache.sshd.common.config.keys.AuthorizedKeyEntry
                .parseAuthorizedKeyEntry(Files.readString(dir.resolve("id-enc.pub")).trim())
                .resolvePublicKey(null, org.apache.sshd.common.config.keys.PublicKeyEntryResolver.FAILING));
    }

    private static String sshKeygen(Path file, String passphrase) throws Exception {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", passphrase, "-f", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "ssh-keygen: " + out);
        return Files.readString(file);
    }

    @BeforeEach
    void start() throws IOException {
        server = new TestSshServer(hostKey, clientKeys, true, 0);
        storage.put("keys/node/id", clientKeyText.getBytes(StandardCharsets.UTF_8));
        storage.put("keys/node/id-enc", encryptedKeyText.getBytes(StandardCharsets.UTF_8));
        storage.put("keys/node/pass", "pass phrase".getBytes(StandardCharsets.UTF_8));
        storage.put("keys/node/password", TestSshServer.PASSWORD.getBytes(StandardCharsets.UTF_8));
        storage.put("keys/node/wrong", "not it".getBytes(StandardCharsets.UTF_8));
        connector = connector(Map.of());
    }

    private SshConnector connector(Map<String, Object> settings) {
        SshConfig config = config(settings);
        SshConnector c = new SshConnector(config, p -> Map.copyOf(projectProps), new KnownHostsStore.Files() {
            @Override
            public Optional<String> read(String project) {
                return Optional.ofNullable(knownHostsFiles.get(project));
            }

            @Override
            public void write(String project, String text) {
                knownHostsFiles.put(project, text);
            }
        }, path -> {
            byte[] b = storage.get(path);
            if (b == null) {
                throw new KeyNotFoundException(path);
            }
            return b.clone();
        });
        closing.add(c::deactivate);
        return c;
    }

    /** An SshConfig with its defaults, some replaced. */
    static SshConfig config(Map<String, Object> settings) {
        return (SshConfig) Proxy.newProxyInstance(SshConfig.class.getClassLoader(), new Class<?>[] {SshConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SshConfig.class;
                    }
                    if (settings.containsKey(method.getName())) {
                        return settings.get(method.getName());
                    }
                    return method.getDefaultValue();
                });
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        server.close();
    }

    private Node node(String name, String hostname, Map<String, String> attributes) {
        Map<String, String> a = new HashMap<>();
        a.put("ssh-key-storage-path", "keys/node/id");
        a.putAll(attributes);
        a.values().removeIf(v -> v == null);
        return new Node(name, hostname, TestSshServer.USER, null, null, a);
    }

    private Node node(Map<String, String> attributes) {
        return node("n1", "127.0.0.1:" + server.port(), attributes);
    }

    private static final class Sink implements OutputSink {
        final List<String> out = new ArrayList<>();
        final List<String> err = new ArrayList<>();

        @Override
        public synchronized void stdout(String line) {
            out.add(line);
        }

        @Override
        public synchronized void stderr(String line) {
            err.add(line);
        }
    }

    private int run(long execution, Node node, String commandLine, Sink sink) throws Exception {
        return connector.execute(new NodeExecutor.Request(execution, PROJECT, node, List.of("/bin/sh", "-c", commandLine),
                Map.of("RD_JOB_NAME", "j1"), null), sink).get(30, TimeUnit.SECONDS);
    }

    private PluginException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(PluginException.class, e.getCause());
        }
        fail("the command succeeded");
        return null;
    }

    private CompletableFuture<Integer> start(long execution, Node node, String commandLine) {
        return connector.execute(new NodeExecutor.Request(execution, PROJECT, node, List.of("/bin/sh", "-c", commandLine),
                Map.of(), null), new Sink());
    }

    @Test
    void runsACommandWithAPrivateKeyFromKeyStorageStreamingBothStreamsAndTheExitCode() throws Exception {
        Sink sink = new Sink();
        long id = EXECUTIONS.incrementAndGet();
        int code = run(id, node(Map.of()), "echo one; echo two >&2; printf 'no newline'; exit 3", sink);
        assertEquals(3, code);
        assertEquals(List.of("one", "no newline"), sink.out);
        assertEquals(List.of("two"), sink.err);
        // the RD_* environment is sent as environment requests (the test server accepts RD_*)
        Sink env = new Sink();
        assertEquals(0, run(id, node(Map.of()), "echo \"$RD_JOB_NAME\"", env));
        assertEquals(List.of("j1"), env.out);
        assertTrue(knownHostsFiles.get(PROJECT).contains("[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 "),
                "accept-new stored the host key: " + knownHostsFiles);
    }

    @Test
    void unknownKeyExchangesAreRefusedByName() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SshConnector.keyExchanges("curve25519-sha256, no-such-kex"));
        assertEquals("kexAlgorithms in org.windlass.executor.ssh: unknown or not available here: no-such-kex", e.getMessage());
        assertEquals(2, SshConnector.keyExchanges("curve25519-sha256,ecdh-sha2-nistp256").size());
    }

    @Test
    void quotesArgumentsForTheRemoteShell() throws Exception {
        Sink sink = new Sink();
        int code = connector.execute(new NodeExecutor.Request(EXECUTIONS.incrementAndGet(), PROJECT, node(Map.of()),
                List.of("printf", "%s|", "it's", "a b", "$HOME", ""), Map.of(), null), sink).get(30, TimeUnit.SECONDS);
        assertEquals(0, code);
        assertEquals(List.of("it's|a b|$HOME||"), sink.out);
    }

    @Test
    void reusesOneConnectionPerNodeWithinAnExecutionAndClosesThemAtTheEnd() throws Exception {
        long id = EXECUTIONS.incrementAndGet();
        Node a = node("a", "127.0.0.1:" + server.port(), Map.of());
        Node b = node("b", "127.0.0.1:" + server.port(), Map.of());
        for (int i = 0; i < 3; i++) {
            assertEquals(0, run(id, a, "true", new Sink()));
            assertEquals(0, run(id, b, "true", new Sink()));
        }
        // one connection per node, each reused by its three commands
        assertEquals(2, server.server.getActiveSessions().size());
        assertEquals(2, connector.connections(id));
        connector.release(id);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.server.getActiveSessions().isEmpty());
    }

    @Test
    void encryptedKeyWithItsPassphraseFromKeyStorage() throws Exception {
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-key-storage-path", "keys/node/id-enc",
                "ssh-key-passphrase-storage-path", "keys/node/pass")), "true", new Sink()));
        PluginException e = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-key-storage-path", "keys/node/id-enc")), "true"));
        assertEquals("ConfigurationFailure", e.reason());
        assertTrue(e.getMessage().contains("keys/node/id-enc") && e.getMessage().contains("ssh-key-passphrase-storage-path"), e.getMessage());
    }

    @Test
    void passwordAuthenticationAndItsFailure() throws Exception {
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-authentication", "password",
                "ssh-password-storage-path", "keys/node/password")), "true", new Sink()));
        PluginException e = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-authentication", "password",
                "ssh-password-storage-path", "keys/node/wrong")), "true"));
        assertEquals("AuthenticationFailure", e.reason());
        assertTrue(e.getMessage().startsWith("node n1: authentication as tester on 127.0.0.1:" + server.port()
                + " failed with the password from key storage keys/node/wrong"), e.getMessage());
        PluginException missing = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-authentication", "password",
                "ssh-password-storage-path", "keys/nothing")), "true"));
        assertEquals("node n1: there is no password at keys/nothing in key storage", missing.getMessage());
    }

    @Test
    void projectSettingsApplyWhenTheNodeHasNone() throws Exception {
        projectProps.put("project.ssh-authentication", "password");
        projectProps.put("project.ssh-password-storage-path", "keys/node/password");
        Node n = new Node("n1", "127.0.0.1:" + server.port(), TestSshServer.USER, null, null, Map.of());
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), n, "true", new Sink()));
    }

    @Test
    void wrongKeyFailsNamingTheKey() throws Exception {
        storage.put("keys/node/other", sshKeygen(tmp.resolve("other"), "").getBytes(StandardCharsets.UTF_8));
        PluginException e = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-key-storage-path", "keys/node/other")), "true"));
        assertEquals("AuthenticationFailure", e.reason());
        assertTrue(e.getMessage().contains("private key from key storage keys/node/other"), e.getMessage());
    }

    @Test
    void refusedConnectionAndUnknownHost() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PluginException refused = failure(start(EXECUTIONS.incrementAndGet(), node("n2", "127.0.0.1:" + closed, Map.of()), "true"));
        assertEquals("ConnectionFailure", refused.reason());
        assertEquals("node n2: connection refused by 127.0.0.1:" + closed + " (no SSH server listening there?)", refused.getMessage());
        PluginException unknown = failure(start(EXECUTIONS.incrementAndGet(), node("n3", "no-such-host.invalid", Map.of()), "true"));
        assertEquals("UnknownHost", unknown.reason());
        assertEquals("node n3: unknown host 'no-such-host.invalid' (the name does not resolve)", unknown.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            PluginException e = failure(start(EXECUTIONS.incrementAndGet(), node("n4", "127.0.0.1:" + silent.getLocalPort(),
                    Map.of("ssh-connect-timeout", "1500")), "true"));
            assertEquals("ConnectionTimeout", e.reason());
            assertEquals("node n4: no SSH connection to 127.0.0.1:" + silent.getLocalPort() + " within 1500 ms (connecting and authenticating as tester)",
                    e.getMessage());
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void commandTimeoutStopsTheCommand() throws Exception {
        Path marker = tmp.resolve("still-running");
        PluginException e = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-command-timeout", "1s")),
                "sleep 30; touch " + marker));
        assertEquals("Timeout", e.reason());
        assertEquals("node n1: the command did not finish within 1 s", e.getMessage());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.processes.isEmpty());
        assertFalse(Files.exists(marker));
    }

    @Test
    void cancellingTheFutureStopsTheCommand() throws Exception {
        CompletableFuture<Integer> f = start(EXECUTIONS.incrementAndGet(), node(Map.of()), "sleep 30");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !server.processes.isEmpty());
        f.cancel(true);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.processes.isEmpty());
    }

    @Test
    void strictPolicyRefusesAnUnknownHostAndAChangedKeyIsRefusedUnderAcceptNew() throws Exception {
        PluginException unknown = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-host-key-policy", "strict")), "true"));
        assertEquals("HostKeyVerification", unknown.reason());
        assertTrue(unknown.getMessage().startsWith("node n1: host [127.0.0.1]:" + server.port() + " is not in project p1's known_hosts "
                + "and the host key policy is strict"), unknown.getMessage());
        assertEquals(null, knownHostsFiles.get(PROJECT));
        // accept-new learns it; strict then accepts it
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), node(Map.of()), "true", new Sink()));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> knownHostsFiles.get(PROJECT) != null);
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-config-StrictHostKeyChecking", "yes")), "true", new Sink()));
        // the server is replaced by one with another host key on the same port
        int port = server.port();
        server.close();
        server = new TestSshServer(otherHostKey, clientKeys, true, port);
        PluginException changed = failure(start(EXECUTIONS.incrementAndGet(), node(Map.of()), "true"));
        assertEquals("HostKeyVerification", changed.reason());
        assertTrue(changed.getMessage().startsWith("node n1: host key of [127.0.0.1]:" + port + " has CHANGED"), changed.getMessage());
        // off trusts anything
        assertEquals(0, run(EXECUTIONS.incrementAndGet(), node(Map.of("ssh-host-key-policy", "off")), "true", new Sink()));
    }

    @Test
    void copiesAScriptPrivatelyOverSftpRunsItAndRemovesIt() throws Exception {
        long id = EXECUTIONS.incrementAndGet();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        Node n = node(Map.of("file-copy-destination-dir", remoteDir.toString()));
        Path script = tmp.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\nstat -c %a \"$0\"\necho \"hello $1\"\n");
        String remote = connector.copy(PROJECT, id, n, script, null).get(30, TimeUnit.SECONDS);
        assertTrue(remote.startsWith(remoteDir + "/wl-" + id + "-") && remote.endsWith("-hello.sh"), remote);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote))));
        Sink sink = new Sink();
        int code = connector.execute(new NodeExecutor.Request(id, PROJECT, n, List.of(remote, "world"), Map.of(), null), sink)
                .get(30, TimeUnit.SECONDS);
        assertEquals(0, code);
        assertEquals(List.of("700", "hello world"), sink.out);
        connector.remove(PROJECT, id, n, remote).get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(Path.of(remote)));
        connector.remove(PROJECT, id, n, remote).get(30, TimeUnit.SECONDS); // gone already: fine
    }

    @Test
    void copiesWithScpWhenTheServerHasNoSftp() throws Exception {
        int port = server.port();
        server.close();
        server = new TestSshServer(hostKey, clientKeys, false, port);
        long id = EXECUTIONS.incrementAndGet();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote-scp"));
        Node n = node(Map.of("file-copy-destination-dir", remoteDir.toString()));
        Path script = tmp.resolve("s.sh");
        Files.writeString(script, "#!/bin/sh\necho scp ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        server.server.setCommandFactory(new org.apache.sshd.scp.server.ScpCommandFactory.Builder()
                .withDelegate(server.server.getCommandFactory()).build());
        String remote = connector.copy(PROJECT, id, n, script, null).get(30, TimeUnit.SECONDS);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote))));
        Sink sink = new Sink();
        assertEquals(0, connector.execute(new NodeExecutor.Request(id, PROJECT, n, List.of(remote), Map.of(), null), sink)
                .get(30, TimeUnit.SECONDS));
        assertEquals(List.of("scp ok"), sink.out);
        connector.remove(PROJECT, id, n, remote).get(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(Path.of(remote)));
    }

    @Test
    void twoHundredConcurrentCommandsUseAFewThreads() throws Exception {
        long id = EXECUTIONS.incrementAndGet();
        // 200 nodes, 200 connections at once
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        int before = Thread.activeCount();
        int peak = before;
        for (int i = 0; i < 200; i++) {
            Node n = new Node("n" + i, "127.0.0.1:" + server.port(), TestSshServer.USER, null, null,
                    Map.of("ssh-authentication", "password", "ssh-password-storage-path", "keys/node/password"));
            all.add(connector.execute(new NodeExecutor.Request(id, PROJECT, n, List.of("sleep", "1"), Map.of(), null), new Sink()));
            peak = Math.max(peak, clientThreads());
        }
        for (CompletableFuture<Integer> f : all) {
            assertEquals(0, f.get(60, TimeUnit.SECONDS));
            peak = Math.max(peak, clientThreads());
        }
        // MINA's I/O and resume threads (ioThreads each), its timer, ours: fixed, whatever the number of nodes
        assertTrue(peak <= 2 * 4 + 4, "SSH client threads: " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("windlass-ssh") || n.startsWith("sshd-SshClient")).sorted().toList());
        connector.release(id);
    }

    /** Threads of the SSH client (the test server's own threads are not counted). */
    private static int clientThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("windlass-ssh") || t.getName().startsWith("sshd-SshClient"))
                .count();
    }
}

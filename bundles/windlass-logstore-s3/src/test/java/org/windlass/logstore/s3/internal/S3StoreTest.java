package org.windlass.logstore.s3.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;
import org.windlass.api.storage.KeyNotFoundException;

import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The S3 log store against S3Proxy, a real S3-compatible server in a process of its own. */
class S3StoreTest {

    private static final AtomicLong IDS = new AtomicLong(5000);
    private static S3ProxyServer server;
    private static Path serverDir;

    @TempDir
    Path tmp;

    private final List<S3Store> stores = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        serverDir = Files.createTempDirectory("s3proxy");
        server = new S3ProxyServer(serverDir);
        server.start();
        try (S3Client c = S3Store.client(config(Map.of()), secrets())) {
            c.createBucket(r -> r.bucket("logs"));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void stopStores() {
        stores.forEach(S3Store::deactivate);
    }

    static org.windlass.api.storage.SecretResolver secrets() {
        return path -> switch (path) {
            case "keys/s3/access" -> S3ProxyServer.ACCESS.getBytes();
            case "keys/s3/secret" -> S3ProxyServer.SECRET.getBytes();
            case "keys/s3/wrong" -> "not-the-secret".getBytes();
            default -> throw new KeyNotFoundException(path);
        };
    }

    static S3Config config(Map<String, Object> settings) {
        Map<String, Object> s = new HashMap<>(Map.of("bucket", "logs", "endpoint", server.endpoint(), "pathStyleAccess", true,
                "accessKeyStoragePath", "keys/s3/access", "secretKeyStoragePath", "keys/s3/secret",
                "checkpointIntervalMillis", 200L, "retryMaxDelay", "2s"));
        s.putAll(settings);
        return (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(), new Class<?>[] {S3Config.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? S3Config.class
                        : s.containsKey(method.getName()) ? s.get(method.getName()) : method.getDefaultValue());
    }

    private S3Store store(String member, Map<String, Object> settings) {
        S3Config c = config(settings);
        S3Store s = new S3Store(c, id -> Optional.of(execution(id)), S3Store.client(c, secrets()), tmp.resolve(member));
        stores.add(s);
        return s;
    }

    private static Execution execution(long id) {
        return new Execution(id, "proj", "job-1", "backup", "ops", null, ExecutionState.RUNNING, "u", null, LogLevel.NORMAL,
                null, "m", Instant.now(), null, 0, null, List.of(), List.of(), null, null);
    }

    private static LogEvent event(String message) {
        return new LogEvent(Instant.now(), LogLevel.NORMAL, "log", "n1", "1", message, Map.of());
    }

    private static byte[] object(S3Store store, long id) {
        try (S3Client c = S3Store.client(config(Map.of()), secrets())) {
            ResponseBytes<GetObjectResponse> b = c.getObjectAsBytes(r -> r.bucket("logs").key(store.key(id)));
            return b.asByteArray();
        }
    }

    private static List<String> messages(LogStore.Slice s) {
        return s.events().stream().map(LogEvent::message).toList();
    }

    @Test
    void storeModeUploadsTheWholeLogWhenTheExecutionEndsAndAnotherMemberReadsIt() throws Exception {
        S3Store a = store("a", Map.of("mode", "store"));
        long id = IDS.incrementAndGet();
        assertEquals("logs/proj/" + id + ".rdlog", a.key(id));
        try (LogStore.Writer w = a.open(id)) {
            w.append(event("one"));
            w.append(event("two"));
            w.complete();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.state(id) == LogStore.State.COMPLETE);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/logs/" + id / 1000 + "/" + id + ".rdlog")), object(a, id),
                "the object is byte-identical to the spool");
        S3Store b = store("b", Map.of("mode", "store"));
        LogStore.Slice s = b.read(id, 0, 100);
        assertEquals(List.of("one", "two"), messages(s));
        assertTrue(s.complete());
        assertEquals(a.size(id), b.size(id));
        assertEquals(LogStore.State.COMPLETE, b.state(id));
        b.delete(id);
        assertEquals(LogStore.State.NOT_FOUND, store("c", Map.of()).state(id));
    }

    @Test
    void aFinishedLogIsReadFromS3OnceTheSpoolIsCleanedUp() throws Exception {
        S3Store a = store("a", Map.of("mode", "store", "spoolRetention", "1s"));
        long id = IDS.incrementAndGet();
        try (LogStore.Writer w = a.open(id)) {
            w.append(event("kept in S3"));
            w.complete();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.state(id) == LogStore.State.COMPLETE);
        Path spooled = tmp.resolve("a/logs/" + id / 1000 + "/" + id + ".rdlog");
        assertTrue(Files.exists(spooled));
        Awaitility.await().pollDelay(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> true);
        a.sweep();
        assertTrue(!Files.exists(spooled), "the spool file is gone after the retention");
        LogStore.Slice s = a.read(id, 0, 10);
        assertEquals(List.of("kept in S3"), messages(s));
        assertTrue(s.complete());
        assertEquals(LogStore.State.COMPLETE, a.state(id));
    }

    @Test
    void checkpointModeLetsAnotherMemberFollowARunningLogWithinASecond() throws Exception {
        S3Store a = store("a", Map.of());
        S3Store b = store("b", Map.of());
        long id = IDS.incrementAndGet();
        LogStore.Writer w = a.open(id);
        long offset = 0;
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String line = "line " + i;
            w.append(event(line));
            long[] off = {offset};
            Awaitility.await(line + " visible on the other member").atMost(Duration.ofMillis(1500)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        LogStore.Slice s = b.read(id, off[0], 100);
                        seen.addAll(messages(s));
                        off[0] = s.nextOffset();
                        return seen.contains(line);
                    });
            offset = off[0];
        }
        assertEquals(List.of("line 1", "line 2", "line 3", "line 4", "line 5"), seen, "each line once, in order");
        assertEquals(LogStore.State.WRITING, b.state(id));
        w.complete();
        w.close();
        long[] off = {offset};
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.read(id, off[0], 100).complete());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/logs/" + id / 1000 + "/" + id + ".rdlog")), object(a, id));
    }

    @Test
    void anOutageLosesNothingAndABacklogIsUploadedAfterARestart() throws Exception {
        S3Store a = store("a", Map.of("mode", "store"));
        long id = IDS.incrementAndGet();
        long id2 = IDS.incrementAndGet();
        LogStore.Writer w = a.open(id);
        w.append(event("before the outage"));
        server.stop();
        try {
            w.append(event("during the outage"));
            w.complete();
            w.close();
            try (LogStore.Writer w2 = a.open(id2)) {
                w2.append(event("a second log"));
                w2.complete();
            }
            assertEquals(LogStore.State.PENDING, a.state(id));
            assertEquals(List.of(id, id2), a.pending());
            // (the check of the bucket at start may report the outage first)
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> a.lastError() != null && a.lastError().startsWith("upload of execution"));
            assertTrue(a.lastError().contains("Connection refused"), a.lastError());
            // the member stops with its backlog; a new one on the same spool takes it over
            a.deactivate();
            stores.remove(a);
        } finally {
            server.start();
        }
        S3Store again = store("a", Map.of("mode", "store"));
        Awaitility.await("the backlog is uploaded").atMost(Duration.ofSeconds(30)).until(() -> again.pending().isEmpty());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/logs/" + id / 1000 + "/" + id + ".rdlog")), object(again, id));
        assertEquals(List.of("before the outage", "during the outage"), messages(store("b", Map.of()).read(id, 0, 100)));
        assertEquals(List.of("a second log"), messages(store("c", Map.of()).read(id2, 0, 100)));
    }

    @Test
    void badConfigurationIsAClearError() {
        IllegalArgumentException noBucket = assertThrows(IllegalArgumentException.class, () -> store("x", Map.of("bucket", "")));
        assertEquals("S3 log store 's3' (org.windlass.logstore.s3): bucket is not set", noBucket.getMessage());
        IllegalArgumentException badUrl = assertThrows(IllegalArgumentException.class,
                () -> S3Store.client(config(Map.of("endpoint", "not a url")), secrets()));
        assertTrue(badUrl.getMessage().startsWith("S3 log store 's3': endpoint 'not a url' is not a URL"), badUrl.getMessage());
        IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
                () -> S3Store.client(config(Map.of("secretKeyStoragePath", "")), secrets()));
        assertTrue(half.getMessage().contains("set both accessKeyStoragePath and secretKeyStoragePath"), half.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> store("x", Map.of("mode", "sometimes")));
        assertTrue(mode.getMessage().endsWith("mode 'sometimes' is neither store nor checkpoint"), mode.getMessage());

        S3Store wrongSecret = store("w", Map.of("secretKeyStoragePath", "keys/s3/wrong"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wrongSecret.lastError() != null);
        assertTrue(wrongSecret.lastError().contains("access denied"), wrongSecret.lastError());
        S3Store noSuchBucket = store("n", Map.of("bucket", "no-such-bucket"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> noSuchBucket.lastError() != null);
        assertTrue(noSuchBucket.lastError().contains("no such bucket"), noSuchBucket.lastError());
        S3Store noKey = store("k", Map.of("accessKeyStoragePath", "keys/s3/missing"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> noKey.lastError() != null);
        assertTrue(noKey.lastError().contains("there is no access key id at keys/s3/missing in key storage"), noKey.lastError());
        S3Store nowhere = store("u", Map.of("endpoint", "http://127.0.0.1:1"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> nowhere.lastError() != null);
        assertTrue(nowhere.lastError().startsWith("bucket logs cannot be reached"), nowhere.lastError());
    }
}

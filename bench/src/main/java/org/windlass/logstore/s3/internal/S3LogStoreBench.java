package org.windlass.logstore.s3.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;
import org.windlass.api.storage.SecretResolver;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 log store against S3Proxy (started here as a process, filesystem back end, on loopback):
 *
 * <ul>
 * <li>append throughput: EVENTS events of about 100 bytes written to a checkpointing store (the
 *     spool takes them; pieces go up every 500 ms meanwhile), then the time until the final object
 *     is uploaded;</li>
 * <li>checkpoint lag: a writer (member A) appends a line every 50 ms, a reader with its own spool
 *     and cache (member B) follows the log by offset; the lag is the time from the append on A to
 *     the line's first read on B, for LAG_LINES lines.</li>
 * </ul>
 *
 *   java -cp ... org.windlass.logstore.s3.internal.S3LogStoreBench S3PROXY_JAR EVENTS LAG_LINES
 */
public final class S3LogStoreBench {

    private S3LogStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        int events = Integer.parseInt(args[1]);
        int lagLines = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("s3bench");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("p.properties"), "s3proxy.endpoint=http://127.0.0.1:" + port + "\ns3proxy.authorization=none\n"
                + "jclouds.provider=filesystem\njclouds.filesystem.basedir=" + Files.createDirectories(dir.resolve("data")) + "\n");
        Process proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar,
                "--properties", dir.resolve("p.properties").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        try {
            waitFor(port);
            Map<String, Object> settings = new HashMap<>(Map.of("bucket", "bench", "endpoint", "http://127.0.0.1:" + port,
                    "pathStyleAccess", true, "accessKeyStoragePath", "a", "secretKeyStoragePath", "s"));
            SecretResolver secrets = path -> "bench".getBytes();
            S3Config config = config(settings);
            try (S3Client c = S3Store.client(config, secrets)) {
                c.createBucket(r -> r.bucket("bench"));
            }
            S3Store a = new S3Store(config, S3LogStoreBench::execution, S3Store.client(config, secrets), dir.resolve("a"));
            S3Store b = new S3Store(config, S3LogStoreBench::execution, S3Store.client(config, secrets), dir.resolve("b"));

            // append throughput
            String text = "x".repeat(80);
            long t0 = System.nanoTime();
            long id = 1;
            try (LogStore.Writer w = a.open(id)) {
                for (int i = 0; i < events; i++) {
                    w.append(new LogEvent(Instant.now(), LogLevel.NORMAL, "log", "node1", "1", text + i, Map.of()));
                }
                long appended = System.nanoTime();
                w.complete();
                long bytes = a.size(id);
                while (a.state(id) != LogStore.State.COMPLETE) {
                    Thread.sleep(20);
                }
                long uploaded = System.nanoTime();
                double secs = (appended - t0) / 1e9;
                System.out.printf("append: %d events, %.1f MB in %.2f s: %.0f events/s, %.1f MB/s; final upload %.2f s after complete%n",
                        events, bytes / 1e6, secs, events / secs, bytes / 1e6 / secs, (uploaded - appended) / 1e9);
            }

            // checkpoint lag
            long lagId = 2;
            List<Long> lags = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> written = new java.util.concurrent.ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                long offset = 0;
                int seen = 0;
                while (seen < lagLines) {
                    try {
                        LogStore.Slice s = b.read(lagId, offset, 1000);
                        long now = System.nanoTime();
                        for (LogEvent e : s.events()) {
                            Long at = written.get(e.message());
                            if (at != null) {
                                lags.add((now - at) / 1_000_000);
                                seen++;
                            }
                        }
                        offset = s.nextOffset();
                        Thread.sleep(10);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "member-b");
            LogStore.Writer w = a.open(lagId);
            reader.start();
            for (int i = 0; i < lagLines; i++) {
                String line = "lag line " + i;
                written.put(line, System.nanoTime());
                w.append(new LogEvent(Instant.now(), LogLevel.NORMAL, "log", "node1", "1", line, Map.of()));
                Thread.sleep(50);
            }
            reader.join(60_000);
            w.complete();
            w.close();
            List<Long> sorted = new ArrayList<>(lags);
            Collections.sort(sorted);
            System.out.printf("checkpoint lag (A appends, B reads), %d lines: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%n",
                    sorted.size(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1));
            a.deactivate();
            b.deactivate();
        } finally {
            proxy.destroyForcibly();
        }
    }

    private static Optional<Execution> execution(long id) {
        return Optional.of(new Execution(id, "bench", null, null, null, null, ExecutionState.RUNNING, "u", null, LogLevel.NORMAL,
                null, "m", Instant.now(), null, 0, null, List.of(), List.of(), null, null));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void waitFor(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not start");
    }

    private static S3Config config(Map<String, Object> settings) {
        return (S3Config) Proxy.newProxyInstance(S3Config.class.getClassLoader(), new Class<?>[] {S3Config.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? S3Config.class
                        : settings.containsKey(method.getName()) ? settings.get(method.getName()) : method.getDefaultValue());
    }
}

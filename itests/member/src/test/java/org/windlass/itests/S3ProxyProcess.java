package org.windlass.itests;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * S3Proxy, an S3-compatible server (filesystem back end, no authentication), as a process of its
 * own on loopback, started by a test from the jar Maven resolved ({@code windlass.s3proxyJar});
 * stopped and started again on the same port and directory to play an outage.
 */
final class S3ProxyProcess implements AutoCloseable {

    final int port;
    private final Path dir;
    private Process process;

    S3ProxyProcess(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = WindlassTestSupport.freePort();
        Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=none",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + Files.createDirectories(dir.resolve("data")), ""));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    S3ProxyProcess start() throws IOException {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                System.getProperty("windlass.s3proxyJar"), "--properties", dir.resolve("s3proxy.properties").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile())).start();
        Awaitility.await("S3Proxy listens on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /** A plain request (the server checks no signature). */
    HttpResponse<byte[]> request(HttpClient http, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}

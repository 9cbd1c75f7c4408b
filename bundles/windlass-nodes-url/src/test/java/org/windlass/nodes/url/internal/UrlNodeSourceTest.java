package org.windlass.nodes.url.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.nodes.internal.RundeckResourceFormats;

/** Against a real HTTP server on loopback (the JDK's). */
class UrlNodeSourceTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger full = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicReference<String> auth = new AtomicReference<>();
    /** While set, the server holds every request until the test ends (a server that hangs). */
    private final java.util.concurrent.atomic.AtomicBoolean hang = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final UrlNodeSource source = new UrlNodeSource(new RundeckResourceFormats(),
            path -> "Bearer s3cret".getBytes(StandardCharsets.UTF_8));

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/nodes", exchange -> {
            auth.set(exchange.getRequestHeaders().getFirst("Authorization"));
            if (hang.get()) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            byte[] body = "{\"web01\": {\"hostname\": \"10.0.0.5\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("ETag", "\"v1\"");
            if (status.get() != 200) {
                exchange.sendResponseHeaders(status.get(), -1);
                exchange.close();
                return;
            }
            full.incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/nodes";
    }

    private List<Node> load(Map<String, String> config) throws PluginException {
        return source.nodes(new NodeSource.Request("ops", 1, config, 10_000));
    }

    @Test
    void fetchesParsesByContentTypeAndRevalidatesWithTheEtag() throws Exception {
        assertEquals("web01", load(Map.of("url", url())).get(0).name());
        assertEquals("web01", load(Map.of("url", url())).get(0).name());
        assertEquals(1, full.get());
        assertEquals(1, notModified.get(), "the second fetch was a conditional request answered 304");
        load(Map.of("url", url(), "cache", "false"));
        assertEquals(2, full.get());
    }

    @Test
    void theAuthorizationHeaderComesFromKeyStorage() throws Exception {
        load(Map.of("url", url(), "authHeaderStoragePath", "keys/cmdb/token"));
        assertEquals("Bearer s3cret", auth.get());
    }

    @Test
    void httpErrorsAndTimeoutsAreFailuresThatSayWhich() {
        status.set(500);
        PluginException e = assertThrows(PluginException.class, () -> load(Map.of("url", url(), "cache", "false")));
        assertEquals("HttpError", e.reason());
        assertTrue(e.getMessage().contains("answered 500"), e.getMessage());
        status.set(200);
        hang.set(true);
        PluginException t = assertThrows(PluginException.class, () -> load(Map.of("url", url(), "cache", "false", "timeout", "1")));
        assertEquals("Timeout", t.reason());
        assertThrows(PluginException.class, () -> load(Map.of("url", "ftp://example.com/nodes")));
    }

    @Test
    void fileUrlsAreReadToo() throws Exception {
        Path f = dir.resolve("nodes.yaml");
        Files.writeString(f, "db1:\n  hostname: db1\n");
        assertEquals("db1", load(Map.of("url", f.toUri().toString())).get(0).name());
    }
}

package org.windlass.nodes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.windlass.api.MemberIdentity;
import org.windlass.api.Node;
import org.windlass.api.Project;
import org.windlass.api.nodes.NodeFilterException;
import org.windlass.api.nodes.NodeService;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

class CachingNodeServiceTest {

    /** Just enough of project storage: one project whose properties the test sets. */
    static final class OneProject implements ProjectService {
        final Map<String, String> props = new HashMap<>();

        @Override
        public List<Project> list() {
            return List.of(get("ops").orElseThrow());
        }

        @Override
        public Optional<Project> get(String name) {
            return name.equals("ops") ? Optional.of(new Project("ops", null, null, props)) : Optional.empty();
        }

        @Override
        public Project create(String name, Map<String, String> properties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Project replaceProperties(String name, Map<String, String> properties) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Project setProperty(String name, String key, String value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Project removeProperty(String name, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> readFile(String project, String fileName) {
            return Optional.empty();
        }

        @Override
        public void writeFile(String project, String fileName, String content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean deleteFile(String project, String fileName) {
            return false;
        }
    }

    private final OneProject project = new OneProject();
    private final MemberIdentity identity = new MemberIdentity() {
        public String uuid() {
            return "0f8fad5b-d9cb-469f-a165-70867728950e";
        }

        public String name() {
            return "member-a";
        }

        public String version() {
            return "test";
        }
    };

    private static Node node(String name, String host) {
        return new Node(name, host, null, null, Set.of("t"), Map.of());
    }

    private static Map<String, Object> named(String name) {
        return Map.of(WindlassPlugin.NAME, name, WindlassPlugin.TYPE, NodeSource.TYPE);
    }

    @Test
    void sourcesMergeInOrderWithTheServerNodeAlwaysPresent() {
        CachingNodeService service = new CachingNodeService(project, identity, Duration.ZERO, Duration.ofSeconds(5), Clock.systemUTC());
        service.bindSource(r -> List.of(node("web01", "old"), node("db1", "db1")), named("first"));
        service.bindSource(r -> List.of(node("web01", "new." + r.config().get("suffix"))), named("second"));
        project.props.put("resources.source.1.type", "first");
        project.props.put("resources.source.2.type", "second");
        project.props.put("resources.source.2.config.suffix", "example");
        List<Node> nodes = service.nodes("ops", "");
        assertEquals(List.of("member-a", "web01", "db1"), nodes.stream().map(Node::name).toList());
        assertEquals("new.example", service.node("ops", "web01").orElseThrow().hostname());
        assertEquals("local", service.node("ops", "member-a").orElseThrow().attribute(Node.ATTR_NODE_EXECUTOR));
        assertEquals(List.of("db1"), service.nodes("ops", "name: db.*").stream().map(Node::name).toList());
        assertThrows(NodeFilterException.class, () -> service.nodes("ops", "name: ["));
        assertThrows(ProjectNotFoundException.class, () -> service.nodes("nope", ""));
    }

    @Test
    void aFailingSourceKeepsItsLastGoodNodesAndSaysWhy() {
        CachingNodeService service = new CachingNodeService(project, identity, Duration.ZERO, Duration.ofMillis(300), Clock.systemUTC());
        AtomicReference<String> mode = new AtomicReference<>("ok");
        service.bindSource(r -> {
            switch (mode.get()) {
                case "fail" -> throw new PluginException("NonZeroResultCode", "script exited with 3");
                case "hang" -> {
                    // never answers: the service's timeout cancels (interrupts) it
                    try {
                        new java.util.concurrent.CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of();
                }
                default -> {
                    return List.of(node("web01", "a"));
                }
            }
        }, named("flaky"));
        project.props.put("resources.source.1.type", "flaky");
        project.props.put("resources.source.2.type", "not-installed");
        assertEquals(2, service.nodes("ops", "").size());
        mode.set("fail");
        service.refresh("ops");
        assertTrue(service.node("ops", "web01").isPresent(), "last good nodes stay in use");
        NodeService.SourceState failed = service.sources("ops").get(0);
        assertEquals(NodeService.Status.FAILED, failed.status());
        assertEquals("script exited with 3", failed.error());
        assertEquals(1, failed.nodes());
        NodeService.SourceState missing = service.sources("ops").get(1);
        assertEquals(NodeService.Status.MISSING_PLUGIN, missing.status());
        assertTrue(missing.error().contains("not-installed"));
        mode.set("hang");
        service.refresh("ops");
        assertTrue(service.sources("ops").get(0).error().contains("timed out"), service.sources("ops").get(0).error());
        assertTrue(service.node("ops", "web01").isPresent());
    }

    @Test
    void aSlowSourceNeverHoldsUpARequestOnceLoaded() throws Exception {
        CachingNodeService service = new CachingNodeService(project, identity, Duration.ZERO, Duration.ofSeconds(30), Clock.systemUTC());
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        service.bindSource(r -> {
            if (calls.incrementAndGet() > 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(node("web01", "b"));
            }
            return List.of(node("web01", "a"));
        }, named("slow"));
        project.props.put("resources.source.1.type", "slow");
        assertEquals("a", service.node("ops", "web01").orElseThrow().hostname());
        // the next requests find the nodes stale: they get them at once while one reload waits on the source
        java.util.concurrent.CompletableFuture<String> stale = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> service.node("ops", "web01").orElseThrow().hostname());
        assertEquals("a", stale.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("a", java.util.concurrent.CompletableFuture.supplyAsync(() -> service.node("ops", "web01").orElseThrow().hostname())
                .get(10, java.util.concurrent.TimeUnit.SECONDS));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
        assertEquals(2, calls.get(), "two stale requests, one background reload at a time");
        release.countDown();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> service.node("ops", "web01").orElseThrow().hostname().equals("b"));
    }

    @Test
    void aPluginThatLeavesTurnsItsSourcesIntoErrors() {
        CachingNodeService service = new CachingNodeService(project, identity, Duration.ofHours(1), Duration.ofSeconds(5), Clock.systemUTC());
        NodeSource plugin = r -> List.of(node("web01", "a"));
        service.bindSource(plugin, named("sample"));
        project.props.put("resources.source.1.type", "sample");
        assertTrue(service.node("ops", "web01").isPresent());
        service.unbindSource(plugin, named("sample"));
        assertTrue(service.node("ops", "web01").isEmpty());
        assertEquals(NodeService.Status.MISSING_PLUGIN, service.sources("ops").get(0).status());
    }
}

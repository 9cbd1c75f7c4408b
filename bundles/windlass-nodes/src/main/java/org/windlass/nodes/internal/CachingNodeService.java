package org.windlass.nodes.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.MemberIdentity;
import org.windlass.api.Node;
import org.windlass.api.Project;
import org.windlass.api.nodes.NodeFilter;
import org.windlass.api.nodes.NodeService;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/**
 * Nodes per project from the project's sources, cached for {@code cache.refreshSeconds} (or the
 * project's {@code project.nodeCache.delay}), with the last good nodes of a failing source kept.
 * NodeSource plugins come and go at run time.
 */
@Component(service = NodeService.class, configurationPid = CachingNodeService.PID)
@Designate(ocd = CachingNodeService.Config.class)
public class CachingNodeService implements NodeService {

    static final String PID = "org.windlass.nodes";
    private static final Pattern SOURCE_TYPE = Pattern.compile("resources\\.source\\.(\\d+)\\.type");

    @ObjectClassDefinition(name = "Windlass nodes")
    public @interface Config {
        @AttributeDefinition(description = "How long a project's nodes are cached, in seconds (a project's project.nodeCache.delay wins)")
        int cache_refreshSeconds() default 30;

        @AttributeDefinition(description = "How long one source may take to load, in seconds (a source's config.timeout wins)")
        int source_timeoutSeconds() default 30;
    }

    private static final Logger LOG = LoggerFactory.getLogger(CachingNodeService.class);

    private final ProjectService projects;
    private final MemberIdentity identity;
    private final RundeckNodeFilters filters = new RundeckNodeFilters();
    private final Duration refresh;
    private final Duration sourceTimeout;
    private final Clock clock;
    private final Map<String, NodeSource> plugins = new ConcurrentHashMap<>();
    private final Map<String, ProjectNodes> cache = new ConcurrentHashMap<>();
    private final ExecutorService loaders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "windlass-node-source");
        t.setDaemon(true);
        return t;
    });

    /** What a project's sources last gave. */
    private static final class ProjectNodes {
        final Map<Integer, List<Node>> lastGood = new TreeMap<>();
        volatile Map<Integer, SourceState> states = Map.of();
        volatile List<Node> merged = List.of();
        volatile Instant loadedAt;
        /** a background reload is under way (stale-while-revalidate, one at a time) */
        final java.util.concurrent.atomic.AtomicBoolean reloading = new java.util.concurrent.atomic.AtomicBoolean();
    }

    @Activate
    public CachingNodeService(@Reference ProjectService projects, @Reference MemberIdentity identity, Config config) {
        this(projects, identity, Duration.ofSeconds(Math.max(0, config.cache_refreshSeconds())),
                Duration.ofSeconds(Math.max(1, config.source_timeoutSeconds())), Clock.systemUTC());
    }

    CachingNodeService(ProjectService projects, MemberIdentity identity, Duration refresh, Duration sourceTimeout, Clock clock) {
        this.projects = projects;
        this.identity = identity;
        this.refresh = refresh;
        this.sourceTimeout = sourceTimeout;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + WindlassPlugin.TYPE + "=" + NodeSource.TYPE + ")")
    void bindSource(NodeSource source, Map<String, Object> properties) {
        Object name = properties.get(WindlassPlugin.NAME);
        if (name != null) {
            plugins.put(name.toString(), source);
            cache.clear();
            LOG.info("Node source plugin '{}' available", name);
        }
    }

    void unbindSource(NodeSource source, Map<String, Object> properties) {
        Object name = properties.get(WindlassPlugin.NAME);
        if (name != null && plugins.remove(name.toString(), source)) {
            cache.clear();
            LOG.info("Node source plugin '{}' removed", name);
        }
    }

    @Deactivate
    void deactivate() {
        loaders.shutdownNow();
    }

    @Override
    public List<Node> nodes(String project, String filter) {
        NodeFilter f = filters.parse(filter);
        return load(project, false).merged.stream().filter(f).toList();
    }

    @Override
    public Optional<Node> node(String project, String name) {
        return load(project, false).merged.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    @Override
    public List<SourceState> sources(String project) {
        return new ArrayList<>(load(project, false).states.values());
    }

    @Override
    public void refresh(String project) {
        load(project, true);
    }

    @Override
    public List<Node> sourceNodes(String project, int index) {
        ProjectNodes entry = load(project, false);
        if (!entry.states.containsKey(index)) {
            throw new IllegalArgumentException("project " + project + " has no node source " + index);
        }
        synchronized (entry) {
            return entry.lastGood.getOrDefault(index, List.of());
        }
    }

    @Override
    public void replaceSourceNodes(String projectName, int index, List<Node> nodes) throws PluginException {
        Project project = projects.get(projectName).orElseThrow(() -> new ProjectNotFoundException(projectName));
        String type = project.properties().get("resources.source." + index + ".type");
        if (type == null) {
            throw new IllegalArgumentException("project " + projectName + " has no node source " + index);
        }
        NodeSource plugin = plugins.get(type.strip());
        if (plugin == null) {
            throw new IllegalArgumentException("no node source plugin '" + type + "' is installed");
        }
        Map<String, String> config = sourceConfig(project, index);
        NodeSource.Request request = new NodeSource.Request(projectName, index, config, timeoutMillis(config));
        if (!plugin.isWriteable(request)) {
            throw new IllegalArgumentException("node source " + index + " (" + type + ") of project " + projectName + " is not writeable");
        }
        plugin.write(request, nodes);
        LOG.info("Project {}: node source {} ({}) rewritten with {} nodes", projectName, index, type, nodes.size());
        load(projectName, true);
    }

    /**
     * Fresh nodes are served from the cache. Stale nodes are served too while one background reload
     * refreshes them, so a slow source never holds up a request; only a project's first load (and
     * an explicit refresh) waits for its sources.
     */
    private ProjectNodes load(String projectName, boolean force) {
        Project project = projects.get(projectName).orElseThrow(() -> new ProjectNotFoundException(projectName));
        ProjectNodes entry = cache.computeIfAbsent(projectName, k -> new ProjectNodes());
        Duration delay = delay(project);
        if (!force && entry.loadedAt != null) {
            if (clock.instant().isAfter(entry.loadedAt.plus(delay)) && entry.reloading.compareAndSet(false, true)) {
                try {
                    loaders.execute(() -> {
                        try {
                            synchronized (entry) {
                                reload(project, entry);
                            }
                        } catch (RuntimeException e) {
                            LOG.warn("Project {}: background node reload failed", projectName, e);
                        } finally {
                            entry.reloading.set(false);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    entry.reloading.set(false);
                }
            }
            return entry;
        }
        synchronized (entry) {
            if (force || entry.loadedAt == null) {
                reload(project, entry);
            }
            return entry;
        }
    }

    private Duration delay(Project project) {
        String v = project.properties().get("project.nodeCache.delay");
        if (v != null) {
            try {
                return Duration.ofSeconds(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                LOG.warn("Project {}: project.nodeCache.delay '{}' is not a number of seconds; using {} s", project.name(), v, refresh.toSeconds());
            }
        }
        return refresh;
    }

    private void reload(Project project, ProjectNodes entry) {
        Map<Integer, String> types = new TreeMap<>();
        for (Map.Entry<String, String> e : project.properties().entrySet()) {
            Matcher m = SOURCE_TYPE.matcher(e.getKey());
            if (m.matches()) {
                types.put(Integer.parseInt(m.group(1)), e.getValue().strip());
            }
        }
        entry.lastGood.keySet().retainAll(types.keySet());
        Map<Integer, SourceState> states = new TreeMap<>(entry.states);
        states.keySet().retainAll(types.keySet());
        Instant now = clock.instant();
        for (Map.Entry<Integer, String> t : types.entrySet()) {
            int index = t.getKey();
            String type = t.getValue();
            SourceState previous = states.get(index);
            Instant lastSuccess = previous == null ? null : previous.lastSuccess();
            NodeSource plugin = plugins.get(type);
            if (plugin == null) {
                entry.lastGood.remove(index);
                states.put(index, new SourceState(index, type, Status.MISSING_PLUGIN, 0, lastSuccess, now,
                        "no node source plugin '" + type + "' is installed"));
                continue;
            }
            Map<String, String> config = sourceConfig(project, index);
            long timeout = timeoutMillis(config);
            try {
                List<Node> loaded = call(plugin, new NodeSource.Request(project.name(), index, config, timeout), timeout);
                entry.lastGood.put(index, loaded);
                states.put(index, new SourceState(index, type, Status.OK, loaded.size(), now, now, null));
            } catch (PluginException | RuntimeException e) {
                List<Node> kept = entry.lastGood.getOrDefault(index, List.of());
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                states.put(index, new SourceState(index, type, Status.FAILED, kept.size(), lastSuccess, now, message));
                LOG.warn("Project {}: node source {} ({}) failed, keeping its last {} nodes: {}", project.name(), index, type, kept.size(), message);
            }
        }
        Map<String, Node> merged = new LinkedHashMap<>();
        Node server = serverNode();
        merged.put(server.name(), server);
        for (List<Node> nodes : entry.lastGood.values()) {
            for (Node n : nodes) {
                merged.put(n.name(), n);
            }
        }
        entry.states = java.util.Collections.unmodifiableMap(states);
        entry.merged = List.copyOf(merged.values());
        entry.loadedAt = now;
    }

    private List<Node> call(NodeSource plugin, NodeSource.Request request, long timeoutMillis) throws PluginException {
        Future<List<Node>> f = loaders.submit(() -> plugin.nodes(request));
        try {
            List<Node> nodes = f.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (nodes == null) {
                throw new PluginException("InvalidResult", "the source returned no node list");
            }
            return nodes;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new PluginException("Timeout", "timed out after " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PluginException pe) {
                throw pe;
            }
            throw new PluginException("SourceFailure", cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new PluginException("Interrupted", "interrupted while loading", e);
        }
    }

    private long timeoutMillis(Map<String, String> config) {
        String t = config.get("timeout");
        if (t != null && !t.isBlank()) {
            try {
                long s = Long.parseLong(t.strip());
                return s <= 0 ? Long.MAX_VALUE / 2 : s * 1000;
            } catch (NumberFormatException e) {
                // the source reports its own bad setting; the default applies to the call
            }
        }
        return sourceTimeout.toMillis();
    }

    static Map<String, String> sourceConfig(Project project, int index) {
        String prefix = "resources.source." + index + ".config.";
        Map<String, String> config = new TreeMap<>();
        project.properties().forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                config.put(k.substring(prefix.length()), v);
            }
        });
        return config;
    }

    /** This member as a node: always present, run by the local executor. */
    Node serverNode() {
        Map<String, String> attrs = new TreeMap<>();
        attrs.put(Node.ATTR_NODE_EXECUTOR, "local");
        attrs.put(Node.ATTR_FILE_COPIER, "local");
        String os = System.getProperty("os.name", "");
        attrs.put("osFamily", os.toLowerCase().contains("win") ? "windows" : "unix");
        attrs.put("osName", os);
        attrs.put("osArch", System.getProperty("os.arch", ""));
        attrs.put("osVersion", System.getProperty("os.version", ""));
        attrs.put("windlass-member-uuid", identity.uuid());
        return new Node(identity.name(), identity.name(), System.getProperty("user.name"), "Windlass member " + identity.name(),
                java.util.Set.of("windlass-server"), attrs);
    }
}

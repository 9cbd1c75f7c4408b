package org.windlass.engine.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogLevel;
import org.windlass.api.Node;
import org.windlass.api.execution.RunException;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobStep;
import org.windlass.api.spi.FileCopier;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.StepPlugin;

/**
 * The run of one execution: walks the workflow over its nodes with the job's strategy and
 * dispatch settings, through the node executor, file copier and step plugins, logging into its
 * {@link LogSink} and tracking state in its {@link StateTracker}.
 *
 * <p>The run's driver thread blocks while commands run; parallel nodes use at most
 * {@code threadcount} threads of the engine's node pool. Abort and timeout cancel every command in
 * flight and stop the walk.
 */
final class ExecutionRun {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRun.class);
    private static final int MAX_JOBREF_DEPTH = 10;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Where the engine's services are, for a run. */
    interface Services {
        NodeExecutor executor(String name);

        FileCopier copier(String name);

        StepPlugin stepPlugin(String name);

        List<Node> nodes(String project, String filter);

        Node serverNode(String project);

        String defaultExecutor(String project);

        String defaultCopier(String project);

        JobDefinition job(String project, JobStep.JobRef ref);

        OptionResolver.Resolved options(JobDefinition job, Map<String, String> values);

        ExecutorService nodePool();

        Path tempDir();
    }

    /** the execution as this member last stored it (queued, then running) */
    volatile Execution execution;
    final JobDefinition job;
    final LogSink log;
    final StateTracker state = new StateTracker();
    private final Services services;
    private final DataContext baseContext;
    private final List<Node> nodes;
    private final Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();
    private volatile ExecutionState stopState;
    private volatile String stopReason;
    private volatile String stoppedBy;
    final Set<String> succeededNodes = Collections.synchronizedSet(new java.util.TreeSet<>());
    final Set<String> failedNodes = Collections.synchronizedSet(new java.util.TreeSet<>());
    private final AtomicBoolean workflowStepFailed = new AtomicBoolean();
    private volatile String firstFailure;

    ExecutionRun(Execution execution, JobDefinition job, DataContext context, List<Node> nodes, LogSink log,
                 Services services) {
        this.execution = execution;
        this.job = job;
        this.baseContext = context;
        this.nodes = nodes;
        this.log = log;
        this.services = services;
        state.targets(nodes.stream().map(Node::name).toList());
    }

    /** @return the text with the run's {@code ${option.x}} and {@code ${job.x}} references replaced */
    String expand(String text) {
        return baseContext.expand(text);
    }

    /** Stops the run: commands in flight are cancelled, nothing new starts. */
    void stop(ExecutionState how, String reason, String by) {
        synchronized (this) {
            if (stopState != null) {
                return;
            }
            stopState = how;
            stopReason = reason;
            stoppedBy = by;
        }
        log.log(LogLevel.WARN, null, null, reason);
        for (CompletableFuture<?> f : inflight) {
            f.cancel(true);
        }
    }

    ExecutionState stopState() {
        return stopState;
    }

    String stopReason() {
        return stopReason;
    }

    String stoppedBy() {
        return stoppedBy;
    }

    boolean stopped() {
        return stopState != null;
    }

    /** @return whether every node and workflow step succeeded */
    boolean run() {
        if (nodes.isEmpty()) {
            fail(null, null, "no nodes matched the filter: " + execution.filter());
            return false;
        }
        JobDefinition.Sequence seq = job.sequence();
        JobDefinition.Dispatch dispatch = job.nodeFilters() == null ? JobDefinition.Dispatch.DEFAULT : job.nodeFilters().dispatch();
        walk(seq, baseContext, rank(nodes, dispatch), dispatch, "", 0);
        if (stopped()) {
            return false;
        }
        return failedNodes.isEmpty() && !workflowStepFailed.get();
    }

    String failureReason() {
        if (firstFailure != null) {
            return firstFailure;
        }
        return failedNodes.isEmpty() ? null : "failed on " + failedNodes;
    }

    private void fail(String node, String stepctx, String message) {
        if (firstFailure == null) {
            firstFailure = message;
        }
        log.log(LogLevel.ERROR, node, stepctx, message);
    }

    // ---------------------------------------------------------------- the walk

    /** @return whether the sequence succeeded on every node */
    private boolean walk(JobDefinition.Sequence seq, DataContext ctx, List<Node> targets,
                         JobDefinition.Dispatch dispatch, String prefix, int depth) {
        List<JobStep> steps = seq.commands();
        for (int i = 0; i < steps.size(); i++) {
            JobStep s = steps.get(i);
            state.declare(prefix + (i + 1), describe(s), s.runsPerNode());
        }
        return switch (seq.strategy()) {
            case JobDefinition.Sequence.STEP_FIRST -> stepFirst(seq, ctx, targets, dispatch, prefix, depth);
            case JobDefinition.Sequence.PARALLEL -> parallel(seq, ctx, targets, dispatch, prefix, depth);
            default -> nodeFirst(seq, ctx, targets, dispatch, prefix, depth);
        };
    }

    private boolean nodeFirst(JobDefinition.Sequence seq, DataContext ctx, List<Node> targets,
                              JobDefinition.Dispatch dispatch, String prefix, int depth) {
        List<JobStep> steps = seq.commands();
        boolean ok = true;
        int i = 0;
        while (i < steps.size() && !stopped()) {
            if (!steps.get(i).runsPerNode()) {
                if (!runWorkflowStep(steps.get(i), ctx, prefix + (i + 1), seq.keepgoing(), depth)) {
                    ok = false;
                    if (!seq.keepgoing()) {
                        return false;
                    }
                }
                i++;
                continue;
            }
            int from = i;
            while (i < steps.size() && steps.get(i).runsPerNode()) {
                i++;
            }
            int to = i;
            Map<Node, Boolean> results = dispatch(targets, dispatch, node -> {
                boolean nodeOk = true;
                for (int k = from; k < to && !stopped(); k++) {
                    if (!runStepOnNode(steps.get(k), node, ctx, prefix + (k + 1), seq.keepgoing(), depth)) {
                        nodeOk = false;
                        if (!seq.keepgoing()) {
                            break;
                        }
                    }
                }
                return nodeOk;
            });
            if (results.containsValue(false) || results.size() < targets.size()) {
                ok = false;
                if (!seq.keepgoing()) {
                    return false;
                }
            }
        }
        return ok && !stopped();
    }

    private boolean stepFirst(JobDefinition.Sequence seq, DataContext ctx, List<Node> targets,
                              JobDefinition.Dispatch dispatch, String prefix, int depth) {
        boolean ok = true;
        List<JobStep> steps = seq.commands();
        for (int i = 0; i < steps.size() && !stopped(); i++) {
            if (!runStep(steps.get(i), ctx, targets, dispatch, prefix + (i + 1), seq.keepgoing(), depth)) {
                ok = false;
                if (!seq.keepgoing()) {
                    return false;
                }
            }
        }
        return ok && !stopped();
    }

    private boolean parallel(JobDefinition.Sequence seq, DataContext ctx, List<Node> targets,
                             JobDefinition.Dispatch dispatch, String prefix, int depth) {
        List<JobStep> steps = seq.commands();
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            int k = i;
            futures.add(services.nodePool().submit(() -> runStep(steps.get(k), ctx, targets, dispatch,
                    prefix + (k + 1), seq.keepgoing(), depth)));
        }
        boolean ok = true;
        for (Future<Boolean> f : futures) {
            try {
                ok &= f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(ExecutionState.ABORTED, "the member is stopping", null);
                return false;
            } catch (ExecutionException e) {
                fail(null, null, "a parallel step failed unexpectedly: " + e.getCause());
                ok = false;
            }
        }
        return ok && !stopped();
    }

    /** One step over every target node (node step) or once (workflow step). */
    private boolean runStep(JobStep step, DataContext ctx, List<Node> targets, JobDefinition.Dispatch dispatch,
                            String stepctx, boolean keepgoing, int depth) {
        if (!step.runsPerNode()) {
            return runWorkflowStep(step, ctx, stepctx, keepgoing, depth);
        }
        Map<Node, Boolean> results = dispatch(targets, dispatch,
                node -> runStepOnNode(step, node, ctx, stepctx, keepgoing, depth));
        return !results.containsValue(false) && results.size() == targets.size();
    }

    /**
     * Runs work over nodes, at most threadcount at once; with dispatch keepgoing false, no new
     * node starts after one failed.
     */
    private Map<Node, Boolean> dispatch(List<Node> targets, JobDefinition.Dispatch dispatch,
                                        java.util.function.Function<Node, Boolean> work) {
        int threads = Math.max(1, Math.min(threadcount(dispatch), targets.size()));
        Map<Node, Boolean> results = new ConcurrentHashMap<>();
        AtomicBoolean halt = new AtomicBoolean();
        ConcurrentLinkedQueue<Node> queue = new ConcurrentLinkedQueue<>(targets);
        Runnable worker = () -> {
            Node node;
            while (!halt.get() && !stopped() && (node = queue.poll()) != null) {
                boolean ok;
                try {
                    ok = work.apply(node);
                } catch (RuntimeException e) {
                    LOG.error("Execution {}: node {} failed unexpectedly", execution.id(), node.name(), e);
                    fail(node.name(), null, "unexpected failure: " + e);
                    ok = false;
                }
                results.put(node, ok);
                if (ok) {
                    if (!failedNodes.contains(node.name())) {
                        succeededNodes.add(node.name());
                    }
                } else {
                    succeededNodes.remove(node.name());
                    failedNodes.add(node.name());
                    if (!dispatch.keepgoing()) {
                        halt.set(true);
                    }
                }
            }
        };
        if (threads == 1) {
            worker.run();
        } else {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                workers.add(services.nodePool().submit(worker));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop(ExecutionState.ABORTED, "the member is stopping", null);
                } catch (ExecutionException e) {
                    LOG.error("Execution {}: a dispatch worker failed", execution.id(), e.getCause());
                }
            }
        }
        if (halt.get() && !queue.isEmpty()) {
            log.log(LogLevel.ERROR, null, null, queue.size() + " node(s) not run: a node failed and the dispatch does not keep going");
        }
        return results;
    }

    private int threadcount(JobDefinition.Dispatch dispatch) {
        String t = baseContext.expand(dispatch.threadcount());
        try {
            return Math.max(1, Integer.parseInt(t.trim()));
        } catch (NumberFormatException e) {
            log.log(LogLevel.WARN, null, null, "threadcount '" + t + "' is not a number; running one node at a time");
            return 1;
        }
    }

    static List<Node> rank(List<Node> nodes, JobDefinition.Dispatch dispatch) {
        String attr = dispatch.rankAttribute() == null || dispatch.rankAttribute().isBlank() ? "nodename" : dispatch.rankAttribute();
        Comparator<Node> byAttr = (a, b) -> compareValues(rankValue(a, attr), rankValue(b, attr));
        Comparator<Node> c = byAttr.thenComparing(Node::name);
        if ("descending".equalsIgnoreCase(dispatch.rankOrder())) {
            c = c.reversed();
        }
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(c);
        return sorted;
    }

    private static String rankValue(Node n, String attr) {
        return switch (attr) {
            case "nodename", "name" -> n.name();
            case "hostname" -> n.hostname();
            case "username" -> n.username();
            default -> n.attribute(attr);
        };
    }

    private static int compareValues(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    // ---------------------------------------------------------------- steps

    /** A node step on one node, with its error handler. */
    private boolean runStepOnNode(JobStep step, Node node, DataContext ctx, String stepctx, boolean keepgoing, int depth) {
        if (stopped()) {
            return false;
        }
        state.nodeStarted(stepctx, node.name());
        StepResult r = nodeStep(step, node, ctx, stepctx, depth);
        if (r.ok) {
            state.nodeEnded(stepctx, node.name(), "SUCCEEDED", r.exit, null);
            return true;
        }
        if (stopped()) {
            state.nodeEnded(stepctx, node.name(), stopState.name(), r.exit, stopReason);
            return false;
        }
        fail(node.name(), stepctx, "step " + stepctx + " failed on node " + node.name() + ": " + r.message);
        state.nodeEnded(stepctx, node.name(), "FAILED", r.exit, r.message);
        if (step.errorHandler() != null) {
            String hctx = stepctx + "e";
            log.log(LogLevel.NORMAL, node.name(), hctx, "running the error handler of step " + stepctx);
            state.nodeStarted(hctx, node.name());
            StepResult h = nodeStep(step.errorHandler(), node, ctx, hctx, depth);
            state.nodeEnded(hctx, node.name(), h.ok ? "SUCCEEDED" : "FAILED", h.exit, h.message);
            if (h.ok && (keepgoing || step.errorHandler().keepgoingOnSuccess())) {
                log.log(LogLevel.NORMAL, node.name(), hctx, "the error handler recovered step " + stepctx);
                return true;
            }
            if (!h.ok) {
                log.log(LogLevel.ERROR, node.name(), hctx, "the error handler failed too: " + h.message);
            }
        }
        return false;
    }

    /** A workflow step (job reference or plugin run once), with its error handler. */
    private boolean runWorkflowStep(JobStep step, DataContext ctx, String stepctx, boolean keepgoing, int depth) {
        if (stopped()) {
            return false;
        }
        state.nodeStarted(stepctx, null);
        StepResult r = workflowStep(step, ctx, stepctx, depth);
        state.nodeEnded(stepctx, null, r.ok ? "SUCCEEDED" : stopped() ? stopState.name() : "FAILED", null, r.message);
        if (r.ok) {
            return true;
        }
        if (stopped()) {
            return false;
        }
        fail(null, stepctx, "step " + stepctx + " failed: " + r.message);
        if (step.errorHandler() != null) {
            StepResult h = workflowStep(step.errorHandler(), ctx, stepctx + "e", depth);
            if (h.ok && (keepgoing || step.errorHandler().keepgoingOnSuccess())) {
                log.log(LogLevel.NORMAL, null, stepctx + "e", "the error handler recovered step " + stepctx);
                return true;
            }
        }
        workflowStepFailed.set(true);
        return false;
    }

    private record StepResult(boolean ok, Integer exit, String message) {
        static final StepResult OK = new StepResult(true, 0, null);

        static StepResult failed(String message) {
            return new StepResult(false, null, message);
        }
    }

    private StepResult nodeStep(JobStep step, Node node, DataContext ctx, String stepctx, int depth) {
        DataContext nctx = ctx.withNode(node);
        try {
            return switch (step.kind()) {
                case EXEC -> command(node, shell(node, nctx.expand(step.exec())), nctx, stepctx);
                case SCRIPT -> script(step, node, nctx, stepctx, nctx.expandScript(step.script()));
                case SCRIPT_FILE -> script(step, node, nctx, stepctx, readScriptFile(nctx.expand(step.scriptfile())));
                case SCRIPT_URL -> script(step, node, nctx, stepctx, fetchScript(nctx.expand(step.scripturl())));
                case JOB_REF -> jobRef(step.jobref(), ctx, List.of(node), stepctx, depth);
                case PLUGIN -> plugin(step, node, nctx, stepctx);
            };
        } catch (StepFailure e) {
            return StepResult.failed(e.getMessage());
        }
    }

    private StepResult workflowStep(JobStep step, DataContext ctx, String stepctx, int depth) {
        try {
            return switch (step.kind()) {
                case JOB_REF -> jobRef(step.jobref(), ctx, null, stepctx, depth);
                case PLUGIN -> plugin(step, null, ctx, stepctx);
                default -> StepResult.failed("a " + step.kind().key() + " step runs on nodes");
            };
        } catch (StepFailure e) {
            return StepResult.failed(e.getMessage());
        }
    }

    /** A step that cannot run, with the reason. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StepFailure(String message) {
            super(message);
        }
    }

    private static List<String> shell(Node node, String commandLine) {
        if ("windows".equalsIgnoreCase(node.attribute("osFamily"))) {
            return List.of("cmd.exe", "/c", commandLine);
        }
        return List.of("/bin/sh", "-c", commandLine);
    }

    private NodeExecutor executorFor(Node node) throws StepFailure {
        String name = node.attribute(Node.ATTR_NODE_EXECUTOR);
        if (name == null || name.isBlank()) {
            name = services.defaultExecutor(execution.project());
        }
        NodeExecutor ex = services.executor(name);
        if (ex == null) {
            throw new StepFailure("no node executor plugin '" + name + "' is installed for node " + node.name());
        }
        return ex;
    }

    private FileCopier copierFor(Node node) throws StepFailure {
        String name = node.attribute(Node.ATTR_FILE_COPIER);
        if (name == null || name.isBlank()) {
            name = services.defaultCopier(execution.project());
        }
        FileCopier c = services.copier(name);
        if (c == null) {
            throw new StepFailure("no file copier plugin '" + name + "' is installed for node " + node.name());
        }
        return c;
    }

    private StepResult command(Node node, List<String> command, DataContext ctx, String stepctx) throws StepFailure {
        NodeExecutor ex = executorFor(node);
        log.log(LogLevel.DEBUG, node.name(), stepctx, "running " + command);
        CompletableFuture<Integer> f;
        try {
            f = ex.execute(new NodeExecutor.Request(execution.id(), node, command, ctx.environment(), null),
                    log.output(node.name(), stepctx));
        } catch (RuntimeException e) {
            throw new StepFailure("the node executor refused the command: " + e.getMessage());
        }
        Integer exit = await(f);
        if (exit == null) {
            return new StepResult(false, null, stopReason);
        }
        return exit == 0 ? new StepResult(true, 0, null) : new StepResult(false, exit, "exit code " + exit);
    }

    /** Waits for a plugin's future; null when the run was stopped. */
    private <T> T await(CompletableFuture<T> f) throws StepFailure {
        inflight.add(f);
        try {
            if (stopped()) {
                f.cancel(true);
            }
            return f.get();
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            stop(ExecutionState.ABORTED, "the member is stopping", null);
            return null;
        } catch (ExecutionException e) {
            if (stopped()) {
                return null;
            }
            Throwable cause = e.getCause();
            throw new StepFailure(cause instanceof PluginException ? cause.getMessage() : String.valueOf(cause));
        } finally {
            inflight.remove(f);
        }
    }

    private StepResult script(JobStep step, Node node, DataContext ctx, String stepctx, String text) throws StepFailure {
        FileCopier copier = copierFor(node);
        Path local;
        try {
            Files.createDirectories(services.tempDir());
            String ext = step.fileExtension() == null || step.fileExtension().isBlank() ? ""
                    : (step.fileExtension().startsWith(".") ? step.fileExtension() : "." + step.fileExtension());
            local = Files.createTempFile(services.tempDir(), "script-" + execution.id() + "-", ext,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(local, text, StandardCharsets.UTF_8);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StepFailure("cannot write the script to a temporary file: " + e.getMessage());
        }
        String remote = null;
        try {
            remote = await(copier.copy(execution.id(), node, local, null));
            if (remote == null) {
                return new StepResult(false, null, stopReason);
            }
            List<String> args = step.args() == null ? List.of() : ArgStrings.tokenize(ctx.expand(step.args()));
            List<String> command = new ArrayList<>();
            String interpreter = step.scriptInterpreter() == null ? null : ctx.expand(step.scriptInterpreter());
            if (interpreter != null && !interpreter.isBlank()) {
                command.addAll(ArgStrings.tokenize(interpreter));
                if (step.interpreterArgsQuoted()) {
                    StringBuilder joined = new StringBuilder(ArgStrings.quote(remote));
                    args.forEach(a -> joined.append(' ').append(ArgStrings.quote(a)));
                    command.add(joined.toString());
                } else {
                    command.add(remote);
                    command.addAll(args);
                }
            } else {
                command.add(remote);
                command.addAll(args);
            }
            return command(node, command, ctx, stepctx);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("script arguments: " + e.getMessage());
        } finally {
            if (remote != null) {
                try {
                    copier.remove(execution.id(), node, remote).get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("Execution {}: could not remove the script {} from node {}", execution.id(), remote, node.name(), e);
                }
            }
            try {
                Files.deleteIfExists(local);
            } catch (IOException e) {
                LOG.warn("Execution {}: could not remove the temporary script {}", execution.id(), local, e);
            }
        }
    }

    private static String readScriptFile(String path) throws StepFailure {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new StepFailure("cannot read the script file " + path + " on the member: " + e);
        }
    }

    private static String fetchScript(String url) throws StepFailure {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() / 100 != 2) {
                throw new StepFailure("fetching the script " + url + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException | IllegalArgumentException e) {
            throw new StepFailure("cannot fetch the script " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailure("interrupted while fetching the script " + url);
        }
    }

    private StepResult plugin(JobStep step, Node node, DataContext ctx, String stepctx) throws StepFailure {
        StepPlugin p = services.stepPlugin(step.pluginType());
        if (p == null) {
            throw new StepFailure("no step plugin '" + step.pluginType() + "' is installed");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        step.configuration().forEach((k, v) -> config.put(k, v instanceof String s ? ctx.expand(s) : v));
        CompletableFuture<Void> f;
        try {
            f = p.execute(new StepPlugin.Context(execution.id(), execution.project(), node, config),
                    log.output(node == null ? null : node.name(), stepctx));
        } catch (RuntimeException e) {
            throw new StepFailure("step plugin '" + step.pluginType() + "' refused: " + e.getMessage());
        }
        inflight.add(f);
        try {
            f.get();
            return StepResult.OK;
        } catch (CancellationException e) {
            return new StepResult(false, null, stopReason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StepResult(false, null, "interrupted");
        } catch (ExecutionException e) {
            return StepResult.failed(e.getCause() == null ? "failed" : e.getCause().getMessage());
        } finally {
            inflight.remove(f);
        }
    }

    private StepResult jobRef(JobStep.JobRef ref, DataContext parent, List<Node> onNodes, String stepctx, int depth)
            throws StepFailure {
        if (depth >= MAX_JOBREF_DEPTH) {
            throw new StepFailure("job references nest deeper than " + MAX_JOBREF_DEPTH + " (does a job reference itself?)");
        }
        JobDefinition child = services.job(execution.project(), ref);
        if (child == null) {
            throw new StepFailure("job reference: no job " + ref.describe()
                    + (ref.project() == null ? " in project " + execution.project() : ""));
        }
        if (!child.executionEnabled()) {
            if (ref.failOnDisable()) {
                throw new StepFailure("job reference: job '" + child.fullName() + "' has executions disabled");
            }
            log.log(LogLevel.WARN, null, stepctx, "job '" + child.fullName() + "' has executions disabled; step skipped");
            return StepResult.OK;
        }
        Map<String, String> args;
        try {
            args = new LinkedHashMap<>(ArgStrings.parseOptions(parent.expand(ref.args())));
        } catch (IllegalArgumentException e) {
            throw new StepFailure("job reference to '" + child.fullName() + "': " + e.getMessage());
        }
        if (ref.importOptions()) {
            parent.context("option").forEach((k, v) -> {
                if (child.option(k) != null) {
                    args.putIfAbsent(k, v);
                }
            });
        }
        OptionResolver.Resolved opts;
        try {
            opts = services.options(child, args);
        } catch (RunException e) {
            throw new StepFailure("job reference to '" + child.fullName() + "': " + e.getMessage());
        }
        DataContext ctx = new DataContext();
        parent.context("job").forEach((k, v) -> ctx.put("job", k, v));
        ctx.put("job", "name", child.name()).put("job", "group", child.group() == null ? "" : child.group())
                .put("job", "id", child.uuid()).put("job", "project", child.project());
        opts.exposed().forEach((k, v) -> ctx.put("option", k, v));
        opts.secure().forEach((k, v) -> ctx.put("secureOption", k, v));
        List<Node> targets = onNodes;
        JobDefinition.Dispatch dispatch = child.nodeFilters() == null ? JobDefinition.Dispatch.DEFAULT : child.nodeFilters().dispatch();
        if (targets == null) {
            String filter = ref.nodeFilter() != null && !ref.nodeFilter().isBlank() ? ref.nodeFilter()
                    : child.nodeFilters() == null ? null : child.nodeFilters().filter();
            if (ref.dispatch() != null && ref.nodeFilter() != null) {
                dispatch = ref.dispatch();
            }
            try {
                targets = filter == null || filter.isBlank() ? List.of(services.serverNode(execution.project()))
                        : services.nodes(execution.project(), ctx.expand(filter));
            } catch (RuntimeException e) {
                throw new StepFailure("job reference to '" + child.fullName() + "': node filter: " + e.getMessage());
            }
            if (targets.isEmpty()) {
                throw new StepFailure("job reference to '" + child.fullName() + "': no nodes matched its filter " + filter);
            }
            targets = rank(targets, dispatch);
        }
        log.log(LogLevel.NORMAL, null, stepctx, "running job '" + child.fullName() + "'"
                + (opts.argString().isEmpty() ? "" : " " + opts.argString()));
        boolean ok = walk(child.sequence(), ctx, targets, dispatch, stepctx + "/", depth + 1);
        return ok ? StepResult.OK : StepResult.failed("job '" + child.fullName() + "' failed");
    }

    private static String describe(JobStep s) {
        if (s.description() != null && !s.description().isBlank()) {
            return s.description();
        }
        return switch (s.kind()) {
            case EXEC -> s.exec();
            case SCRIPT -> "inline script";
            case SCRIPT_FILE -> s.scriptfile();
            case SCRIPT_URL -> s.scripturl();
            case JOB_REF -> "job " + s.jobref().describe();
            case PLUGIN -> "plugin " + s.pluginType();
        };
    }
}

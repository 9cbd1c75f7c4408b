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
 * <p>Node steps are asynchronous: a command, a script copy or a plugin step is a future that the
 * node executor, file copier or step plugin completes, and the next step of a node starts from its
 * completion. The run's driver thread only starts nodes: at most {@code threadcount} at once, each
 * started when a permit is free, so a job over a thousand nodes with threadcount 1000 has a
 * thousand commands in flight without a thousand threads. Job references and script URLs, which
 * block, run on the engine's node pool. Abort and timeout cancel every future in flight and stop
 * the walk.
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
    private final Set<NodeExecutor> usedExecutors = ConcurrentHashMap.newKeySet();
    private final Set<FileCopier> usedCopiers = ConcurrentHashMap.newKeySet();
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
            Map<Node, Boolean> results = dispatch(targets, dispatch,
                    node -> nodeSteps(steps, from, to, node, ctx, prefix, seq.keepgoing(), depth, true));
            if (results.containsValue(false) || results.size() < targets.size()) {
                ok = false;
                if (!seq.keepgoing()) {
                    return false;
                }
            }
        }
        return ok && !stopped();
    }

    /** Steps from..to-1 on one node, one after the other, each started when the previous one ended. */
    private CompletableFuture<Boolean> nodeSteps(List<JobStep> steps, int k, int to, Node node, DataContext ctx,
                                                 String prefix, boolean keepgoing, int depth, boolean okSoFar) {
        if (k >= to || stopped()) {
            return CompletableFuture.completedFuture(okSoFar && !stopped());
        }
        return runStepOnNode(steps.get(k), node, ctx, prefix + (k + 1), keepgoing, depth).thenCompose(ok -> {
            if (!ok && !keepgoing) {
                return CompletableFuture.completedFuture(false);
            }
            return nodeSteps(steps, k + 1, to, node, ctx, prefix, keepgoing, depth, okSoFar && ok);
        });
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
     * Runs asynchronous work over nodes, at most threadcount at once: the calling thread starts a
     * node whenever a permit is free and waits for the last one. With dispatch keepgoing false, no
     * new node starts after one failed.
     */
    private Map<Node, Boolean> dispatch(List<Node> targets, JobDefinition.Dispatch dispatch,
                                        java.util.function.Function<Node, CompletableFuture<Boolean>> work) {
        int width = Math.max(1, Math.min(threadcount(dispatch), targets.size()));
        Map<Node, Boolean> results = new ConcurrentHashMap<>();
        AtomicBoolean halt = new AtomicBoolean();
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(width);
        List<CompletableFuture<Boolean>> started = new ArrayList<>();
        int notRun = 0;
        for (int i = 0; i < targets.size(); i++) {
            Node node = targets.get(i);
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(ExecutionState.ABORTED, "the member is stopping", null);
            }
            if (halt.get() || stopped()) {
                permits.release();
                notRun = targets.size() - i;
                break;
            }
            CompletableFuture<Boolean> f;
            try {
                f = work.apply(node);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            started.add(f.handle((ok, e) -> {
                boolean nodeOk = e == null && Boolean.TRUE.equals(ok);
                if (e != null && !stopped()) {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    LOG.error("Execution {}: node {} failed unexpectedly", execution.id(), node.name(), c);
                    fail(node.name(), null, "unexpected failure: " + c);
                }
                results.put(node, nodeOk);
                if (nodeOk) {
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
                permits.release();
                return nodeOk;
            }));
        }
        try {
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(ExecutionState.ABORTED, "the member is stopping", null);
        } catch (ExecutionException e) {
            LOG.error("Execution {}: a node dispatch failed", execution.id(), e.getCause());
        }
        if (halt.get() && notRun > 0) {
            log.log(LogLevel.ERROR, null, null, notRun + " node(s) not run: a node failed and the dispatch does not keep going");
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

    /** A node step on one node, with its error handler; completes with whether the node may go on. */
    private CompletableFuture<Boolean> runStepOnNode(JobStep step, Node node, DataContext ctx, String stepctx,
                                                     boolean keepgoing, int depth) {
        if (stopped()) {
            return CompletableFuture.completedFuture(false);
        }
        state.nodeStarted(stepctx, node.name());
        return nodeStep(step, node, ctx, stepctx, depth).thenCompose(r -> {
            if (r.ok) {
                state.nodeEnded(stepctx, node.name(), "SUCCEEDED", r.exit, null);
                return CompletableFuture.completedFuture(true);
            }
            if (stopped()) {
                state.nodeEnded(stepctx, node.name(), stopState.name(), r.exit, stopReason);
                return CompletableFuture.completedFuture(false);
            }
            fail(node.name(), stepctx, "step " + stepctx + " failed on node " + node.name() + ": " + r.message);
            state.nodeEnded(stepctx, node.name(), "FAILED", r.exit, r.message);
            if (step.errorHandler() == null) {
                return CompletableFuture.completedFuture(false);
            }
            String hctx = stepctx + "e";
            log.log(LogLevel.NORMAL, node.name(), hctx, "running the error handler of step " + stepctx);
            state.nodeStarted(hctx, node.name());
            return nodeStep(step.errorHandler(), node, ctx, hctx, depth).thenApply(h -> {
                state.nodeEnded(hctx, node.name(), h.ok ? "SUCCEEDED" : "FAILED", h.exit, h.message);
                if (h.ok && (keepgoing || step.errorHandler().keepgoingOnSuccess())) {
                    log.log(LogLevel.NORMAL, node.name(), hctx, "the error handler recovered step " + stepctx);
                    return true;
                }
                if (!h.ok) {
                    log.log(LogLevel.ERROR, node.name(), hctx, "the error handler failed too: " + h.message);
                }
                return false;
            });
        });
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

    private CompletableFuture<StepResult> nodeStep(JobStep step, Node node, DataContext ctx, String stepctx, int depth) {
        DataContext nctx = ctx.withNode(node);
        try {
            return switch (step.kind()) {
                case EXEC -> command(node, shell(node, nctx.expand(step.exec())), nctx, stepctx);
                case SCRIPT -> script(step, node, nctx, stepctx, nctx.expandScript(step.script()));
                case SCRIPT_FILE -> script(step, node, nctx, stepctx, readScriptFile(nctx.expand(step.scriptfile())));
                case SCRIPT_URL -> blocking(() -> fetchScript(nctx.expand(step.scripturl())))
                        .thenCompose(text -> {
                            try {
                                return script(step, node, nctx, stepctx, text);
                            } catch (StepFailure e) {
                                return CompletableFuture.completedFuture(StepResult.failed(e.getMessage()));
                            }
                        })
                        .exceptionally(e -> failure(e, false));
                case JOB_REF -> blocking(() -> jobRef(step.jobref(), ctx, List.of(node), stepctx, depth))
                        .exceptionally(e -> failure(e, false));
                case PLUGIN -> plugin(step, node, nctx, stepctx);
            };
        } catch (StepFailure e) {
            return CompletableFuture.completedFuture(StepResult.failed(e.getMessage()));
        }
    }

    /** Runs blocking work (a job reference, fetching a script) on the engine's node pool. */
    private <T> CompletableFuture<T> blocking(StepCall<T> call) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            services.nodePool().execute(() -> {
                try {
                    f.complete(call.call());
                } catch (StepFailure | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new StepFailure("the engine is stopping"));
        }
        return f;
    }

    @FunctionalInterface
    private interface StepCall<T> {
        T call() throws StepFailure;
    }

    /** The result of a step whose future failed: stopped, or failed with the plugin's message. */
    private StepResult failure(Throwable e, boolean withType) {
        Throwable c = e;
        while ((c instanceof java.util.concurrent.CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof CancellationException || stopped()) {
            return new StepResult(false, null, stopReason);
        }
        if (c instanceof PluginException || c instanceof StepFailure || !withType) {
            return StepResult.failed(c.getMessage() == null ? String.valueOf(c) : c.getMessage());
        }
        return StepResult.failed(String.valueOf(c));
    }

    /** Keeps a plugin's future cancellable by abort and timeout until it completes. */
    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        inflight.add(f);
        f.whenComplete((v, e) -> inflight.remove(f));
        if (stopped()) {
            f.cancel(true);
        }
        return f;
    }

    /** Waits for a workflow step's result on the driver thread. */
    private StepResult await(CompletableFuture<StepResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            stop(ExecutionState.ABORTED, "the member is stopping", null);
            return new StepResult(false, null, "interrupted");
        } catch (ExecutionException | CancellationException e) {
            return failure(e, true);
        }
    }

    /** Tells the node executors and file copiers this run used that it has ended. */
    void release() {
        for (NodeExecutor ex : usedExecutors) {
            try {
                ex.executionEnded(execution.id());
            } catch (RuntimeException e) {
                LOG.warn("Execution {}: a node executor failed to release its resources", execution.id(), e);
            }
        }
        for (FileCopier c : usedCopiers) {
            try {
                c.executionEnded(execution.id());
            } catch (RuntimeException e) {
                LOG.warn("Execution {}: a file copier failed to release its resources", execution.id(), e);
            }
        }
    }

    private StepResult workflowStep(JobStep step, DataContext ctx, String stepctx, int depth) {
        try {
            return switch (step.kind()) {
                case JOB_REF -> jobRef(step.jobref(), ctx, null, stepctx, depth);
                case PLUGIN -> await(plugin(step, null, ctx, stepctx));
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

    private CompletableFuture<StepResult> command(Node node, List<String> command, DataContext ctx, String stepctx)
            throws StepFailure {
        NodeExecutor ex = executorFor(node);
        usedExecutors.add(ex);
        log.log(LogLevel.DEBUG, node.name(), stepctx, "running " + command);
        CompletableFuture<Integer> f;
        try {
            f = ex.execute(new NodeExecutor.Request(execution.id(), execution.project(), node, command, ctx.environment(), null),
                    log.output(node.name(), stepctx));
        } catch (RuntimeException e) {
            throw new StepFailure("the node executor refused the command: " + e.getMessage());
        }
        return track(f).handle((exit, e) -> {
            if (e != null) {
                return failure(e, true);
            }
            return exit == 0 ? new StepResult(true, 0, null) : new StepResult(false, exit, "exit code " + exit);
        });
    }

    private CompletableFuture<StepResult> script(JobStep step, Node node, DataContext ctx, String stepctx, String text)
            throws StepFailure {
        FileCopier copier = copierFor(node);
        usedCopiers.add(copier);
        List<String> args;
        try {
            args = step.args() == null ? List.of() : ArgStrings.tokenize(ctx.expand(step.args()));
        } catch (IllegalArgumentException e) {
            throw new StepFailure("script arguments: " + e.getMessage());
        }
        List<String> interpreter;
        try {
            String i = step.scriptInterpreter() == null ? null : ctx.expand(step.scriptInterpreter());
            interpreter = i == null || i.isBlank() ? List.of() : ArgStrings.tokenize(i);
        } catch (IllegalArgumentException e) {
            throw new StepFailure("script interpreter: " + e.getMessage());
        }
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
        CompletableFuture<String> copied;
        try {
            copied = track(copier.copy(execution.project(), execution.id(), node, local, null));
        } catch (RuntimeException e) {
            deleteLocal(local);
            throw new StepFailure("the file copier refused the script: " + e.getMessage());
        }
        return copied.handle((remote, e) -> {
            if (e != null) {
                return CompletableFuture.completedFuture(failure(e, true));
            }
            List<String> command = new ArrayList<>(interpreter);
            if (!interpreter.isEmpty() && step.interpreterArgsQuoted()) {
                StringBuilder joined = new StringBuilder(ArgStrings.quote(remote));
                args.forEach(a -> joined.append(' ').append(ArgStrings.quote(a)));
                command.add(joined.toString());
            } else {
                command.add(remote);
                command.addAll(args);
            }
            CompletableFuture<StepResult> ran;
            try {
                ran = command(node, command, ctx, stepctx);
            } catch (StepFailure f) {
                ran = CompletableFuture.completedFuture(StepResult.failed(f.getMessage()));
            }
            // the remote copy goes whatever happened, also after an abort
            return ran.thenCompose(result -> removeRemote(copier, node, remote).thenApply(v -> result));
        }).thenCompose(f -> f).whenComplete((r, e) -> deleteLocal(local));
    }

    private CompletableFuture<Void> removeRemote(FileCopier copier, Node node, String remote) {
        CompletableFuture<Void> removed;
        try {
            removed = copier.remove(execution.project(), execution.id(), node, remote);
        } catch (RuntimeException e) {
            removed = CompletableFuture.failedFuture(e);
        }
        return removed.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).handle((v, e) -> {
            if (e != null) {
                LOG.warn("Execution {}: could not remove the script {} from node {}", execution.id(), remote, node.name(), e);
            }
            return null;
        });
    }

    private void deleteLocal(Path local) {
        try {
            Files.deleteIfExists(local);
        } catch (IOException e) {
            LOG.warn("Execution {}: could not remove the temporary script {}", execution.id(), local, e);
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

    private CompletableFuture<StepResult> plugin(JobStep step, Node node, DataContext ctx, String stepctx) throws StepFailure {
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
        return track(f).handle((v, e) -> e == null ? StepResult.OK : failure(e, false));
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

package org.windlass.engine.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogLevel;
import org.windlass.api.MemberIdentity;
import org.windlass.api.Node;
import org.windlass.api.Project;
import org.windlass.api.execution.AdhocRequest;
import org.windlass.api.execution.ExecutionConflictException;
import org.windlass.api.execution.ExecutionNotFoundException;
import org.windlass.api.execution.ExecutionQuery;
import org.windlass.api.execution.ExecutionRepository;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.NewExecution;
import org.windlass.api.execution.RunException;
import org.windlass.api.execution.RunRequest;
import org.windlass.api.execution.WorkflowState;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobService;
import org.windlass.api.job.JobStep;
import org.windlass.api.nodes.NodeFilterException;
import org.windlass.api.nodes.NodeService;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.spi.FileCopier;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.StepPlugin;
import org.windlass.api.spi.WindlassPlugin;
import org.windlass.api.storage.SecretResolver;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.MemberState;
import org.windlass.api.cluster.ExecutionRouter;
import org.windlass.api.cluster.Membership;

/**
 * Runs jobs and ad-hoc commands on this member: an execution is a database row first, then a run
 * on the engine's threads whose log goes to the configured log store.
 */
@Component(service = ExecutionService.class, immediate = true, configurationPid = "org.windlass.engine")
@Designate(ocd = ExecutionEngine.Config.class)
public class ExecutionEngine implements ExecutionService {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionEngine.class);

    @ObjectClassDefinition(name = "Windlass engine", description = "How this member runs executions")
    public @interface Config {
        @AttributeDefinition(description = "Name of the LogStore plugin new executions write to (file, s3, ...)")
        String logStore() default "file";

        @AttributeDefinition(description = "How many executions this member runs at once; more wait for a free slot")
        int maxRunningExecutions() default 256;

        @AttributeDefinition(description = "Node executor for nodes without a node-executor attribute, unless the project sets service.NodeExecutor.default.provider")
        String defaultNodeExecutor() default "ssh";

        @AttributeDefinition(description = "File copier for nodes without a file-copier attribute, unless the project sets service.FileCopier.default.provider")
        String defaultFileCopier() default "ssh";

        @AttributeDefinition(description = "Directory for scripts before they are copied to nodes; empty for data/windlass/tmp")
        String tempDir() default "";

        @AttributeDefinition(description = "How often the per-step state of running executions is saved to the database, in milliseconds")
        long stateFlushMillis() default 1000;
    }

    private final ExecutionRepository repository;
    private final JobService jobs;
    private final NodeService nodeService;
    private final ProjectService projects;
    private final MemberIdentity identity;
    private volatile SecretResolver secrets;
    private volatile Membership membership;
    private volatile ExecutionRouter router;

    private final Map<String, NodeExecutor> executors = new ConcurrentHashMap<>();
    private final Map<String, FileCopier> copiers = new ConcurrentHashMap<>();
    private final Map<String, StepPlugin> stepPlugins = new ConcurrentHashMap<>();
    private final Map<String, LogStore> logStores = new ConcurrentHashMap<>();
    private final Map<Long, ExecutionRun> active = new ConcurrentHashMap<>();
    /** the driver task of each execution, to take a queued one out of the line when it is aborted */
    private final Map<Long, Runnable> tasks = new ConcurrentHashMap<>();

    private volatile Config config;
    private BoundedExecutor drivers;
    private ExecutorService nodePool;
    private ScheduledExecutorService timers;
    private Path tempDir;

    @Activate
    public ExecutionEngine(@Reference ExecutionRepository repository, @Reference JobService jobs,
                           @Reference NodeService nodeService, @Reference ProjectService projects,
                           @Reference MemberIdentity identity, Config config) {
        this.repository = repository;
        this.jobs = jobs;
        this.nodeService = nodeService;
        this.projects = projects;
        this.identity = identity;
        this.config = config;
        this.drivers = new BoundedExecutor(config.maxRunningExecutions(), threads("windlass-execution"));
        this.nodePool = Executors.newCachedThreadPool(threads("windlass-node"));
        this.timers = Executors.newSingleThreadScheduledExecutor(threads("windlass-engine-timer"));
        this.tempDir = tempDir(config);
        long flush = Math.max(100, config.stateFlushMillis());
        timers.scheduleWithFixedDelay(this::flushStates, flush, flush, TimeUnit.MILLISECONDS);
        timers.execute(this::recoverAfterRestart);
        timers.scheduleWithFixedDelay(this::pickUpForwarded, 500, 500, TimeUnit.MILLISECONDS);
    }

    @Modified
    void modified(Config changed) {
        this.config = changed;
        drivers.setLimit(changed.maxRunningExecutions());
        this.tempDir = tempDir(changed);
        LOG.info("Engine configuration changed: log store {}, at most {} executions at once", changed.logStore(), changed.maxRunningExecutions());
    }

    private static Path tempDir(Config c) {
        if (c.tempDir() != null && !c.tempDir().isBlank()) {
            return Path.of(c.tempDir());
        }
        String data = System.getProperty("karaf.data");
        return data != null ? Path.of(data, "windlass", "tmp") : Path.of(System.getProperty("java.io.tmpdir"), "windlass-tmp");
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void deactivate() {
        String reason = "member " + identity.name() + " stopped while the execution ran";
        for (ExecutionRun run : active.values()) {
            run.stop(ExecutionState.INCOMPLETE, reason, null);
        }
        drivers.shutdown();
        try {
            if (!drivers.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("{} execution(s) did not end within 20 s of the engine stopping; they are marked incomplete at the next start", active.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodePool.shutdownNow();
        timers.shutdownNow();
    }

    // ---------------------------------------------------------------- plugins

    private static String pluginName(Map<String, Object> props) {
        Object n = props.get(WindlassPlugin.NAME);
        return n == null ? null : n.toString();
    }

    @Reference(service = NodeExecutor.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addExecutor(NodeExecutor e, Map<String, Object> props) {
        put(executors, props, e);
    }

    void removeExecutor(NodeExecutor e, Map<String, Object> props) {
        executors.remove(pluginName(props), e);
    }

    @Reference(service = FileCopier.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addCopier(FileCopier c, Map<String, Object> props) {
        put(copiers, props, c);
    }

    void removeCopier(FileCopier c, Map<String, Object> props) {
        copiers.remove(pluginName(props), c);
    }

    @Reference(service = StepPlugin.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStepPlugin(StepPlugin p, Map<String, Object> props) {
        put(stepPlugins, props, p);
    }

    void removeStepPlugin(StepPlugin p, Map<String, Object> props) {
        stepPlugins.remove(pluginName(props), p);
    }

    @Reference(service = LogStore.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addLogStore(LogStore s, Map<String, Object> props) {
        put(logStores, props, s);
    }

    void removeLogStore(LogStore s, Map<String, Object> props) {
        logStores.remove(pluginName(props), s);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindSecrets(SecretResolver s) {
        this.secrets = s;
    }

    void unbindSecrets(SecretResolver s) {
        if (this.secrets == s) {
            this.secrets = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMembership(Membership m) {
        this.membership = m;
    }

    void unbindMembership(Membership m) {
        if (this.membership == m) {
            this.membership = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindRouter(ExecutionRouter r) {
        this.router = r;
    }

    void unbindRouter(ExecutionRouter r) {
        if (this.router == r) {
            this.router = null;
        }
    }

    private static <T> void put(Map<String, T> map, Map<String, Object> props, T plugin) {
        String name = pluginName(props);
        if (name == null) {
            LOG.warn("Plugin {} has no {} property; it is not used", plugin.getClass().getName(), WindlassPlugin.NAME);
            return;
        }
        map.put(name, plugin);
    }

    private LogStore logStore() {
        String name = config.logStore();
        LogStore s = logStores.get(name);
        if (s == null) {
            throw new IllegalStateException("the log store plugin '" + name + "' is not installed (installed: "
                    + logStores.keySet() + ")");
        }
        return s;
    }

    // ---------------------------------------------------------------- runs

    @Override
    public Execution runJob(String jobId, RunRequest request) {
        JobDefinition job = job(jobId);
        Map<String, String> given = parseArgs(request.argString());
        given.putAll(request.options());
        if (request.runAtTime() != null) {
            return runLater(job, given, request);
        }
        return run(job, given, request, null);
    }

    @Override
    public Execution runScheduled(String jobId, String user, Instant tick) {
        JobDefinition job = job(jobId);
        OptionResolver.Resolved opts = OptionResolver.resolve(job, Map.of(), secrets);
        String filter = job.nodeFilters() == null ? null : job.nodeFilters().filter();
        return start(job, opts, user, job.loglevel(), filter, 0, null, Execution.SCHEDULED,
                "fired by the schedule of job '" + job.fullName() + "' for the tick at " + tick + " ("
                        + job.schedule().crontab() + (job.timeZone() == null ? "" : ", " + job.timeZone()) + ")");
    }

    @Override
    public Execution recordMissed(String jobId, String user, Instant tick, String reason) {
        JobDefinition job = jobs.get(jobId).orElseThrow(() -> new java.util.NoSuchElementException("Job ID does not exist: " + jobId));
        Execution e = repository.create(new NewExecution(job.project(), job.uuid(), job.name(), job.group(), job.description(),
                ExecutionState.SCHEDULED, user, null, job.loglevel(), job.nodeFilters() == null ? null : job.nodeFilters().filter(),
                identity.uuid(), 0, null, null, Execution.SCHEDULED, tick));
        writeOneLine(e.id(), LogLevel.WARN, "missed: " + reason);
        return repository.finish(e.id(), ExecutionState.MISSED, List.of(), List.of(), reason, null, null);
    }

    /** A log of one line, for an execution that never ran. */
    private void writeOneLine(long id, LogLevel level, String message) {
        try (LogStore.Writer w = logStore().open(id)) {
            w.append(new org.windlass.api.LogEvent(Instant.now(), level, "log", null, null, message, Map.of()));
            w.complete();
        } catch (PluginException | RuntimeException ex) {
            LOG.warn("The log of execution {} could not be written: {}", id, ex.getMessage());
        }
    }

    // ---------------------------------------------------------------- run later (runAtTime)

    /** How late a run for later may start after its time (the member was busy or restarting) before it counts as missed. */
    static final Duration RUN_LATER_GRACE = Duration.ofMinutes(5);

    /** the timers of this member's runs for later, by execution id */
    private final Map<Long, ScheduledFuture<?>> later = new ConcurrentHashMap<>();

    private Execution runLater(JobDefinition job, Map<String, String> given, RunRequest request) {
        Instant at = request.runAtTime();
        if (at.isBefore(Instant.now().minus(RUN_LATER_GRACE))) {
            throw new RunException("api.error.invalid.request", "runAtTime " + at + " is in the past");
        }
        requireExecutionsEnabled(job.project());
        // the options are checked now, so that a bad run is refused now rather than failing later
        OptionResolver.Resolved opts = OptionResolver.resolve(job, given, secrets);
        LogLevel level = request.loglevel() != null ? request.loglevel() : job.loglevel();
        String filter = request.filter() != null && !request.filter().isBlank() ? request.filter()
                : job.nodeFilters() == null ? null : job.nodeFilters().filter();
        Execution e = repository.create(new NewExecution(job.project(), job.uuid(), job.name(), job.group(), job.description(),
                ExecutionState.SCHEDULED, request.user(), opts.argString(), level, filter, identity.uuid(), 0, null, null,
                Execution.USER_SCHEDULED, at));
        arm(e);
        LOG.info("Execution {} of job '{}' scheduled for {} by {}", e.id(), job.fullName(), at, request.user());
        return e;
    }

    private void arm(Execution e) {
        long delay = Math.max(0, e.started().toEpochMilli() - System.currentTimeMillis());
        try {
            later.put(e.id(), timers.schedule(() -> fireLater(e.id()), delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Engine stopping; execution {} stays scheduled until the next start", e.id());
        }
    }

    /** Starts a run for later that is due: its options again (secure ones from defaults or key storage), its row reused. */
    private void fireLater(long id) {
        later.remove(id);
        Execution e;
        try {
            e = repository.find(id).orElse(null);
        } catch (org.windlass.api.StorageUnavailableException ex) {
            LOG.warn("Execution {} is due but the database is unavailable; trying again in 5 s", id);
            timers.schedule(() -> fireLater(id), 5, TimeUnit.SECONDS);
            return;
        }
        if (e == null || e.state() != ExecutionState.SCHEDULED) {
            return; // aborted or deleted meanwhile
        }
        try {
            JobDefinition job = job(e.jobId());
            Map<String, String> given = parseArgs(e.argString());
            given.keySet().removeIf(name -> job.option(name) != null && job.option(name).secure());
            OptionResolver.Resolved opts = OptionResolver.resolve(job, given, secrets);
            requireExecutionsEnabled(job.project());
            launch(e, job, opts, e.user(), e.loglevel(), e.filter(), nodesFor(job, e.filter(), opts), null);
        } catch (RuntimeException ex) {
            String reason = "the run scheduled for " + e.started() + " could not start: " + ex.getMessage();
            LOG.warn("Execution {}: {}", id, reason);
            writeOneLine(id, LogLevel.ERROR, reason);
            repository.finish(id, ExecutionState.FAILED, List.of(), List.of(), reason, null, null);
        }
    }

    /** After a restart: this member's runs for later are armed again, those long overdue recorded as missed. */
    private void rearmLater() {
        for (Execution e : repository.scheduled(identity.uuid())) {
            if (later.containsKey(e.id())) {
                continue;
            }
            if (e.started() != null && e.started().isBefore(Instant.now().minus(RUN_LATER_GRACE))) {
                String reason = "member " + identity.name() + " was not running when the execution was due (" + e.started() + ")";
                writeOneLine(e.id(), LogLevel.WARN, "missed: " + reason);
                repository.finish(e.id(), ExecutionState.MISSED, List.of(), List.of(), reason, null, null);
            } else {
                arm(e);
            }
        }
    }

    @Override
    public Execution retryJob(String jobId, long executionId, RunRequest request, boolean failedNodesOnly) {
        Execution previous = repository.find(executionId).orElseThrow(() -> new ExecutionNotFoundException(executionId));
        if (!jobId.equals(previous.jobId())) {
            throw new RunException("api.error.invalid.request", "execution " + executionId + " is not an execution of job " + jobId);
        }
        JobDefinition job = job(jobId);
        Map<String, String> given;
        if (request.argString() == null) {
            // the retried run's options; its secure values were masked, never stored: defaults or key storage give them again
            given = parseArgs(previous.argString());
            given.keySet().removeIf(name -> job.option(name) != null && job.option(name).secure());
        } else {
            given = parseArgs(request.argString());
        }
        given.putAll(request.options());
        String filter = request.filter() != null && !request.filter().isBlank() ? request.filter()
                : failedNodesOnly && !previous.failedNodes().isEmpty() ? "name: " + String.join(",", previous.failedNodes())
                : previous.filter();
        return run(job, given, request, filter);
    }

    private JobDefinition job(String jobId) {
        JobDefinition job = jobs.get(jobId).orElseThrow(() -> new java.util.NoSuchElementException("Job ID does not exist: " + jobId));
        if (!job.executionEnabled()) {
            throw new RunException("api.error.execution.disabled", "job '" + job.fullName() + "' has executions disabled");
        }
        return job;
    }

    private static Map<String, String> parseArgs(String argString) {
        try {
            return new LinkedHashMap<>(ArgStrings.parseOptions(argString));
        } catch (IllegalArgumentException e) {
            throw new RunException(OptionResolver.INVALID, e.getMessage());
        }
    }

    /** @param filter the node filter, {@code null} for the request's, else the job's */
    private Execution run(JobDefinition job, Map<String, String> given, RunRequest request, String filter) {
        OptionResolver.Resolved opts = OptionResolver.resolve(job, given, secrets);
        LogLevel level = request.loglevel() != null ? request.loglevel() : job.loglevel();
        String f = filter != null ? filter : request.filter() != null && !request.filter().isBlank() ? request.filter()
                : job.nodeFilters() == null ? null : job.nodeFilters().filter();
        return start(job, opts, request.user(), level, f, 0, null, Execution.USER, null);
    }

    @Override
    public Execution runAdhoc(String project, AdhocRequest r) {
        JobStep step = r.exec() != null && !r.exec().isBlank() ? JobStep.command(r.exec())
                : JobStep.inlineScript(r.script(), r.args(), r.scriptInterpreter(), r.argsQuoted());
        if (r.fileExtension() != null && step.kind() == JobStep.Kind.SCRIPT) {
            step = new JobStep(step.kind(), null, null, step.script(), null, null, step.args(), step.scriptInterpreter(),
                    step.interpreterArgsQuoted(), r.fileExtension(), null, null, true, Map.of(), null, false, Map.of());
        }
        JobDefinition.NodeFilters nf = r.filter() == null || r.filter().isBlank() ? null
                : new JobDefinition.NodeFilters(r.filter(), null,
                new JobDefinition.Dispatch(Integer.toString(r.threadcount()), r.keepgoing(), true, null, null));
        JobDefinition adhoc = new JobDefinition(null, project, "adhoc", null,
                r.exec() != null ? r.exec() : "script", r.loglevel(), true, false, null, null, true, null, null, null,
                List.of(), new JobDefinition.Sequence(false, null, List.of(step)), nf, true, null, null, null, Map.of());
        OptionResolver.Resolved none = new OptionResolver.Resolved(Map.of(), Map.of(), Map.of(), "");
        return start(adhoc, none, r.user(), adhoc.loglevel(), nf == null ? null : nf.filter(), 0, null, Execution.USER, null);
    }

    /** Projects read in the last second: a burst of runs reads a project's switches once. */
    private record RecentProject(Project project, long readAt) {
    }

    private final Map<String, RecentProject> recentProjects = new ConcurrentHashMap<>();

    private Project project(String name) {
        long now = System.nanoTime();
        RecentProject r = recentProjects.get(name);
        if (r != null && now - r.readAt() < 1_000_000_000L) {
            return r.project();
        }
        Project p = projects.get(name).orElseThrow(() -> new ProjectNotFoundException(name));
        if (recentProjects.size() > 1000) {
            recentProjects.clear();
        }
        recentProjects.put(name, new RecentProject(p, now));
        return p;
    }

    private Execution start(JobDefinition job, OptionResolver.Resolved opts, String user, LogLevel level,
                            String filter, int retryAttempt, Long retryOf, String executionType, String firstLine) {
        boolean isJob = job.uuid() != null;
        Integer maxRunning = !isJob ? null : job.multipleExecutions() ? job.maxMultipleExecutions() : Integer.valueOf(1);
        ExecutionRouter r = router;
        if (isJob && r != null) {
            Object profile = job.extra().get("executionPolicyProfile");
            ExecutionRouter.Route route = r.route(job.project(), job.uuid(), profile == null ? null : profile.toString());
            if (!route.memberUuid().equals(identity.uuid())) {
                return forward(job, opts, user, level, filter, retryAttempt, retryOf, executionType, maxRunning, route);
            }
        }
        requireExecutionsEnabled(job.project());
        List<Node> nodes = nodesFor(job, filter, opts);
        // at its limit this member queues the execution: it starts (and says so) when a run ends
        ExecutionState first = drivers.hasFreeSlot() ? ExecutionState.RUNNING : ExecutionState.QUEUED;
        Execution execution = repository.create(new NewExecution(job.project(), job.uuid(), isJob ? job.name() : null,
                isJob ? job.group() : null, job.description(), first, user, opts.argString(), level, filter,
                identity.uuid(), retryAttempt, retryOf, maxRunning, executionType, null));
        return launch(execution, job, opts, user, level, filter, nodes, firstLine);
    }

    /** @throws RunException when the project's {@code project.disable.executions} switch is on */
    private void requireExecutionsEnabled(String projectName) {
        requireMemberRuns();
        Project project = project(projectName);
        if ("true".equals(project.properties().get("project.disable.executions"))) {
            throw new RunException("api.error.execution.disabled", "project " + project.name() + " has executions disabled");
        }
    }

    /**
     * Hands a job's execution to the member the remote execution policy chose: its row, queued for
     * that member, which claims and runs it (see {@link #pickUpForwarded()}).
     */
    private Execution forward(JobDefinition job, OptionResolver.Resolved opts, String user, LogLevel level, String filter,
                              int retryAttempt, Long retryOf, String executionType, Integer maxRunning, ExecutionRouter.Route route) {
        Project project = project(job.project());
        if ("true".equals(project.properties().get("project.disable.executions"))) {
            throw new RunException("api.error.execution.disabled", "project " + project.name() + " has executions disabled");
        }
        nodesFor(job, filter, opts); // a bad filter is refused here, not on the other member
        Execution e = repository.create(new NewExecution(job.project(), job.uuid(), job.name(), job.group(), job.description(),
                ExecutionState.QUEUED, user, opts.argString(), level, filter, route.memberUuid(), retryAttempt, retryOf, maxRunning,
                executionType, null, identity.uuid()));
        LOG.info("Execution {} of job '{}' handed to member {} (policy {}, profile {})", e.id(), job.fullName(), route.memberName(),
                route.policy(), route.profile());
        return e;
    }

    /** Claims and starts the executions other members handed to this one (every 500 ms). */
    private void pickUpForwarded() {
        Membership m = membership;
        if (m != null && (m.fenced() != null || m.executionMode() == ExecutionMode.PASSIVE)) {
            return;
        }
        List<Execution> handed;
        try {
            handed = repository.forwarded(identity.uuid());
        } catch (RuntimeException e) {
            LOG.debug("Cannot read executions handed to this member: {}", e.getMessage());
            return;
        }
        for (Execution e : handed) {
            if (active.containsKey(e.id())) {
                continue;
            }
            Optional<Execution> claimed;
            try {
                claimed = repository.start(e.id(), identity.uuid());
            } catch (RuntimeException ex) {
                LOG.debug("Cannot claim execution {}: {}", e.id(), ex.getMessage());
                return;
            }
            if (claimed.isEmpty()) {
                continue; // aborted or ended meanwhile
            }
            try {
                JobDefinition job = jobs.get(e.jobId()).orElseThrow(() -> new java.util.NoSuchElementException("its job " + e.jobId() + " was deleted"));
                Map<String, String> given = parseArgs(e.argString());
                given.keySet().removeIf(name -> job.option(name) != null && job.option(name).secure());
                OptionResolver.Resolved opts = OptionResolver.resolve(job, given, secrets);
                launch(claimed.get(), job, opts, e.user(), e.loglevel(), e.filter(), nodesFor(job, e.filter(), opts),
                        "handed to member " + identity.name() + " by the remote execution policy");
            } catch (RuntimeException ex) {
                String reason = "member " + identity.name() + " could not start the execution handed to it: " + ex.getMessage();
                LOG.warn("Execution {}: {}", e.id(), reason);
                writeOneLine(e.id(), LogLevel.ERROR, reason);
                try {
                    repository.finish(e.id(), ExecutionState.FAILED, List.of(), List.of(), reason, null, null);
                } catch (RuntimeException stored) {
                    LOG.warn("Execution {}: its failure could not be stored: {}", e.id(), stored.getMessage());
                }
            }
        }
    }

    /** @throws RunException when this member is passive or fenced (declared dead by the cluster) */
    private void requireMemberRuns() {
        Membership m = membership;
        if (m == null) {
            return;
        }
        String fenced = m.fenced();
        if (fenced != null) {
            throw new RunException("api.error.execution.disabled", "executions cannot start: " + fenced);
        }
        if (m.executionMode() == ExecutionMode.PASSIVE) {
            throw new RunException("api.error.execution.disabled", "member " + identity.name()
                    + " is in passive execution mode and runs no executions");
        }
    }

    private List<Node> nodesFor(JobDefinition job, String filter, OptionResolver.Resolved opts) {
        try {
            return filter == null || filter.isBlank() ? List.of(serverNode(job.project()))
                    : nodeService.nodes(job.project(), expandFilter(filter, opts));
        } catch (NodeFilterException e) {
            throw new RunException("api.error.invalid.filter", "node filter: " + e.getMessage());
        }
    }

    /**
     * Opens the execution's log and hands its run to the drivers.
     *
     * @param firstLine a line logged before the run starts (why it runs), or {@code null}
     */
    private Execution launch(Execution execution, JobDefinition job, OptionResolver.Resolved opts, String user,
                             LogLevel level, String filter, List<Node> nodes, String firstLine) {
        int retryAttempt = execution.retryAttempt();
        boolean isJob = job.uuid() != null;
        LogSink sink;
        try {
            java.util.List<String> secretValues = new ArrayList<>();
            opts.values().forEach((k, v) -> {
                if (job.option(k) != null && job.option(k).secure()) {
                    secretValues.add(v);
                }
            });
            sink = new LogSink(execution.id(), logStore().open(execution.id()), level, user, secretValues);
        } catch (PluginException | RuntimeException e) {
            // the caller reports it (with the stack): here only which execution it cost
            LOG.warn("Execution {} cannot open its log: {}", execution.id(), e.getMessage());
            repository.finish(execution.id(), ExecutionState.FAILED, List.of(), List.of(), "its log cannot be written: " + e.getMessage(), null, null);
            throw new IllegalStateException("execution " + execution.id() + " failed: its log cannot be written: " + e.getMessage(), e);
        }
        if (firstLine != null) {
            sink.log(LogLevel.NORMAL, null, null, firstLine);
        }
        remember(execution.id(), config.logStore());
        DataContext ctx = new DataContext();
        ctx.put("job", "execid", Long.toString(execution.id())).put("job", "project", job.project())
                .put("job", "username", user).put("job", "user.name", user).put("job", "loglevel", levelName(level))
                .put("job", "retryAttempt", Integer.toString(retryAttempt)).put("job", "wasRetry", Boolean.toString(retryAttempt > 0))
                .put("job", "serverUUID", identity.uuid());
        if (isJob) {
            ctx.put("job", "id", job.uuid()).put("job", "name", job.name()).put("job", "group", job.group() == null ? "" : job.group());
        }
        opts.exposed().forEach((k, v) -> ctx.put("option", k, v));
        opts.secure().forEach((k, v) -> ctx.put("secureOption", k, v));
        ExecutionRun run = new ExecutionRun(execution, job, ctx, nodes, sink, runServices());
        try {
            LogLimit limit = LogLimit.parse(job.loglimit(), job.loglimitAction(), job.loglimitStatus());
            if (limit != null) {
                sink.limit(limit, reason -> run.stop(limit.status(), reason, null));
            }
        } catch (IllegalArgumentException e) {
            sink.log(LogLevel.WARN, null, null, e.getMessage() + "; the execution runs without a log limit");
        }
        active.put(execution.id(), run);
        try {
            Runnable task = () -> {
                tasks.remove(execution.id());
                drive(run, opts, user, level, filter);
            };
            tasks.put(execution.id(), task);
            drivers.execute(task);
        } catch (RejectedExecutionException e) {
            active.remove(execution.id());
            tasks.remove(execution.id());
            sink.log(LogLevel.ERROR, null, null, "the member is stopping; the execution did not start");
            sink.complete();
            return repository.finish(execution.id(), ExecutionState.INCOMPLETE, List.of(), List.of(), "the member is stopping", null, null);
        }
        return execution;
    }

    private static String expandFilter(String filter, OptionResolver.Resolved opts) {
        DataContext d = new DataContext();
        opts.exposed().forEach((k, v) -> d.put("option", k, v));
        return d.expand(filter);
    }

    private static String levelName(LogLevel l) {
        return l == LogLevel.NORMAL ? "INFO" : l.name();
    }

    private Node serverNode(String project) {
        return nodeService.node(project, identity.name())
                .orElseThrow(() -> new IllegalStateException("the server node " + identity.name() + " is missing from project " + project));
    }

    private void drive(ExecutionRun run, OptionResolver.Resolved opts, String user, LogLevel level, String filter) {
        Execution e = run.execution;
        Thread.currentThread().setName("windlass-execution-" + e.id());
        if (e.state() == ExecutionState.QUEUED || e.state() == ExecutionState.SCHEDULED) {
            try {
                Optional<Execution> started = repository.start(e.id(), identity.uuid());
                if (started.isPresent()) {
                    run.execution = started.get();
                    e = started.get();
                }
            } catch (RuntimeException ex) {
                LOG.warn("Execution {} could not be marked running: {}", e.id(), ex.getMessage());
            }
        }
        ScheduledFuture<?> timeout = null;
        ExecutionState result;
        String reason = null;
        try {
            run.log.log(LogLevel.DEBUG, null, null, "execution " + e.id() + " started by " + user + " on member " + identity.name());
            Duration limit = timeout(run);
            if (limit != null) {
                timeout = timers.schedule(() -> run.stop(ExecutionState.TIMEDOUT,
                        "the execution timed out after " + run.job.timeout(), null), limit.toMillis(), TimeUnit.MILLISECONDS);
            }
            boolean ok = run.run();
            if (run.stopState() != null) {
                result = run.stopState();
                reason = run.stopReason();
            } else if (ok) {
                result = ExecutionState.SUCCEEDED;
            } else {
                result = ExecutionState.FAILED;
                reason = run.failureReason();
            }
        } catch (RuntimeException ex) {
            LOG.error("Execution {} failed unexpectedly", e.id(), ex);
            result = ExecutionState.FAILED;
            reason = "unexpected failure: " + ex;
            run.log.log(LogLevel.ERROR, null, null, reason);
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            run.release();
        }
        int retries = result == ExecutionState.FAILED ? retries(run) : 0;
        if (retries > e.retryAttempt()) {
            result = ExecutionState.FAILED_WITH_RETRY;
        }
        run.log.log(result == ExecutionState.SUCCEEDED ? LogLevel.NORMAL : LogLevel.ERROR, "log", null, null,
                "execution " + e.id() + " " + result.apiName() + (reason == null ? "" : ": " + reason));
        run.log.complete();
        try {
            repository.finish(e.id(), result, new ArrayList<>(run.succeededNodes), new ArrayList<>(run.failedNodes),
                    reason, result == ExecutionState.ABORTED ? run.stoppedBy() : null, StateTracker.toJson(run.state.snapshot()));
        } catch (RuntimeException ex) {
            LOG.error("Execution {} ended {} but its end could not be stored; it is marked incomplete at the next start", e.id(), result.apiName(), ex);
        } finally {
            active.remove(e.id());
        }
        if (result == ExecutionState.FAILED_WITH_RETRY) {
            scheduleRetry(run, opts, user, level, filter);
        }
    }

    private Duration timeout(ExecutionRun run) {
        String t = run.job.timeout();
        if (t == null || t.isBlank()) {
            return null;
        }
        String expanded = run.expand(t);
        try {
            Duration limit = duration(expanded, "timeout");
            return limit.isZero() ? null : limit;
        } catch (IllegalArgumentException ex) {
            run.log.log(LogLevel.WARN, null, null, ex.getMessage() + "; the execution runs without a timeout");
            return null;
        }
    }

    /** Rundeck's durations (120, 90s, 6h 30m), with the parser job imports validate with. */
    private static Duration duration(String text, String what) {
        try {
            return ApiTokenService.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a duration (e.g. 120, 90s, 6h 30m, 1d)", e);
        }
    }

    private int retries(ExecutionRun run) {
        if (run.job.retry() == null) {
            return 0;
        }
        String r = run.expand(run.job.retry().retry()).trim();
        try {
            return Math.max(0, Integer.parseInt(r));
        } catch (NumberFormatException ex) {
            run.log.log(LogLevel.WARN, null, null, "retry '" + r + "' is not a number; not retried");
            return 0;
        }
    }

    private void scheduleRetry(ExecutionRun run, OptionResolver.Resolved opts, String user, LogLevel level, String filter) {
        Duration delay = Duration.ZERO;
        if (run.job.retry().delay() != null && !run.job.retry().delay().isBlank()) {
            try {
                delay = duration(run.expand(run.job.retry().delay()), "retry delay");
            } catch (IllegalArgumentException ex) {
                LOG.warn("Execution {}: {}; retrying at once", run.execution.id(), ex.getMessage());
            }
        }
        long previous = run.execution.id();
        int attempt = run.execution.retryAttempt() + 1;
        timers.schedule(() -> drivers.execute(() -> {
            try {
                JobDefinition job = jobs.get(run.job.uuid()).orElse(null);
                if (job == null) {
                    LOG.warn("Execution {} is not retried: its job {} was deleted", previous, run.job.uuid());
                    return;
                }
                Execution retry = start(job, opts, user, level, filter, attempt, previous, Execution.USER, null);
                LOG.info("Execution {} retries execution {} (attempt {})", retry.id(), previous, attempt);
            } catch (RuntimeException ex) {
                LOG.error("Execution {} could not be retried", previous, ex);
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ExecutionRun.Services runServices() {
        Config c = config;
        Path temp = tempDir;
        return new ExecutionRun.Services() {
            @Override
            public NodeExecutor executor(String name) {
                return executors.get(pluginAlias(name));
            }

            @Override
            public FileCopier copier(String name) {
                return copiers.get(pluginAlias(name));
            }

            @Override
            public StepPlugin stepPlugin(String name) {
                return stepPlugins.get(name);
            }

            @Override
            public List<Node> nodes(String project, String filter) {
                return nodeService.nodes(project, filter);
            }

            @Override
            public Node serverNode(String project) {
                return ExecutionEngine.this.serverNode(project);
            }

            @Override
            public String defaultExecutor(String project) {
                return projectDefault(project, "service.NodeExecutor.default.provider", c.defaultNodeExecutor());
            }

            @Override
            public String defaultCopier(String project) {
                return projectDefault(project, "service.FileCopier.default.provider", c.defaultFileCopier());
            }

            @Override
            public JobDefinition job(String project, JobStep.JobRef ref) {
                String p = ref.project() == null || ref.project().isBlank() ? project : ref.project();
                if (ref.uuid() != null && !ref.uuid().isBlank() && !ref.useName()) {
                    Optional<JobDefinition> byUuid = jobs.get(ref.uuid());
                    if (byUuid.isPresent() || ref.name() == null) {
                        return byUuid.orElse(null);
                    }
                }
                return jobs.find(p, ref.group(), ref.name()).orElse(null);
            }

            @Override
            public OptionResolver.Resolved options(JobDefinition job, Map<String, String> values) {
                return OptionResolver.resolve(job, values, secrets);
            }

            @Override
            public ExecutorService nodePool() {
                return nodePool;
            }

            @Override
            public Path tempDir() {
                return temp;
            }
        };
    }

    /** Rundeck's SSH plugin names map to ours. */
    static String pluginAlias(String name) {
        return switch (name) {
            case "sshj-ssh", "jsch-ssh", "sshj-scp", "jsch-scp" -> "ssh";
            default -> name;
        };
    }

    private String projectDefault(String project, String key, String fallback) {
        try {
            String v = projects.get(project).map(p -> p.properties().get(key)).orElse(null);
            return v == null || v.isBlank() ? fallback : v;
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private void flushStates() {
        try {
            pollAbortRequests();
        } catch (RuntimeException e) {
            LOG.debug("Abort requests not handled now: {}", e.getMessage());
        }
        for (ExecutionRun run : active.values()) {
            if (run.state.takeDirty()) {
                try {
                    repository.saveWorkflowState(run.execution.id(), StateTracker.toJson(run.state.snapshot()));
                } catch (RuntimeException e) {
                    LOG.warn("Execution {}: its step state could not be saved: {}", run.execution.id(), e.getMessage());
                    return;
                }
            }
        }
    }

    private void recoverAfterRestart() {
        recoverAfterRestart(0);
    }

    /** Ends this member's executions that a stop interrupted; retried with backoff while the database is away. */
    private void recoverAfterRestart(int attempt) {
        String reason = "member " + identity.name() + " (" + identity.uuid() + ") stopped while the execution ran;"
                + " marked incomplete when it started again";
        try {
            List<Long> ids = new ArrayList<>(repository.markIncomplete(identity.uuid(), reason));
            ids.removeIf(active::containsKey);
            for (long id : ids) {
                closeOrphanLog(id, reason);
            }
            if (!ids.isEmpty()) {
                LOG.warn("Marked {} execution(s) of this member incomplete after a restart: {}", ids.size(), ids);
            }
            rearmLater();
        } catch (org.windlass.api.StorageUnavailableException e) {
            if (attempt == 0) {
                LOG.warn("Cannot check for executions interrupted by a restart yet: {}; retrying", e.getMessage());
            }
            try {
                timers.schedule(() -> recoverAfterRestart(attempt + 1), Math.min(30_000, 1000L << Math.min(attempt, 5)), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("Engine stopping; restart recovery abandoned");
            }
        }
    }

    private void closeOrphanLog(long id, String reason) {
        LogStore store = logStores.get(config.logStore());
        if (store == null) {
            return;
        }
        try {
            if (store.state(id) == LogStore.State.WRITING) {
                try (LogStore.Writer w = store.open(id)) {
                    w.append(new org.windlass.api.LogEvent(java.time.Instant.now(), LogLevel.ERROR, "log", null, null,
                            "execution " + id + " incomplete: " + reason, Map.of()));
                    w.complete();
                }
            }
        } catch (PluginException | RuntimeException e) {
            LOG.warn("The log of interrupted execution {} could not be closed: {}", id, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- queries

    @Override
    public Optional<Execution> get(long id) {
        ExecutionRun run = active.get(id);
        if (run != null) {
            // this member runs it: its row says running until the run ends, no need to ask the database
            return Optional.of(run.execution);
        }
        return repository.find(id);
    }

    @Override
    public ExecutionQuery.Page query(ExecutionQuery query) {
        return repository.query(query);
    }

    @Override
    public WorkflowState workflowState(long id) {
        ExecutionRun run = active.get(id);
        if (run != null) {
            return run.state.snapshot();
        }
        Execution e = repository.find(id).orElseThrow(() -> new ExecutionNotFoundException(id));
        return repository.workflowState(id).map(StateTracker::fromJson)
                .orElseGet(() -> new WorkflowState(e.filter() == null ? List.of() : List.of(), List.of()));
    }

    @Override
    public AbortResult abort(long id, String user) {
        ExecutionRun run = active.get(id);
        Runnable waiting = tasks.get(id);
        if (run != null && waiting != null && drivers.cancelWaiting(waiting)) {
            // still in the line: it never ran, so it ends here
            tasks.remove(id);
            run.stop(ExecutionState.ABORTED, "aborted by " + user + " while queued", user);
            run.log.complete();
            Execution done = repository.finish(id, ExecutionState.ABORTED, List.of(), List.of(),
                    "aborted by " + user + " while queued", user, StateTracker.toJson(run.state.snapshot()));
            active.remove(id);
            return new AbortResult("aborted", null, done);
        }
        if (run != null) {
            run.stop(ExecutionState.ABORTED, "aborted by " + user, user);
            return new AbortResult("pending", null, repository.find(id).orElse(run.execution));
        }
        Execution e = repository.find(id).orElseThrow(() -> new ExecutionNotFoundException(id));
        if (e.state() == ExecutionState.SCHEDULED && identity.uuid().equals(e.serverUuid())) {
            ScheduledFuture<?> timer = later.remove(id);
            if (timer != null) {
                timer.cancel(false);
            }
            writeOneLine(id, LogLevel.WARN, "aborted by " + user + " before it was due");
            Execution done = repository.finish(id, ExecutionState.ABORTED, List.of(), List.of(),
                    "aborted by " + user + " before it was due (" + e.started() + ")", user, null);
            return new AbortResult("aborted", null, done);
        }
        if (e.state().isTerminal()) {
            return new AbortResult("failed", "execution " + id + " is not running (" + e.state().apiName() + ")", e);
        }
        if (identity.uuid().equals(e.serverUuid()) || e.serverUuid() == null) {
            Execution done = repository.finish(id, ExecutionState.ABORTED, e.succeededNodes(), e.failedNodes(),
                    "aborted by " + user + " (no longer running on member " + identity.name() + ")", user, null);
            return new AbortResult("aborted", null, done);
        }
        Membership m = membership;
        ClusterMember owner = m == null ? null : m.member(e.serverUuid()).orElse(null);
        if (m != null && (owner == null || owner.state() == MemberState.DEAD)) {
            // nobody runs it any more: it ends here
            String who = owner == null ? "member " + e.serverUuid() + " is no longer in the cluster" : "member " + owner.name() + " is dead";
            Execution done = repository.finish(id, ExecutionState.ABORTED, e.succeededNodes(), e.failedNodes(),
                    "aborted by " + user + " (" + who + ")", user, null);
            return new AbortResult("aborted", null, done);
        }
        if (repository.requestAbort(id, user)) {
            LOG.info("Abort of execution {} by {} sent to member {}", id, user, owner == null ? e.serverUuid() : owner.name());
            return new AbortResult("pending", null, e);
        }
        Execution now = require(id);
        return now.state().isTerminal() ? new AbortResult("failed", "execution " + id + " is not running (" + now.state().apiName() + ")", now)
                : new AbortResult("failed", "execution " + id + " could not be aborted", now);
    }

    /** Aborts asked through other members for executions running here (polled with the state flush). */
    private void pollAbortRequests() {
        List<ExecutionRepository.AbortRequest> asked;
        try {
            asked = repository.abortRequests(identity.uuid());
        } catch (RuntimeException e) {
            LOG.debug("Cannot read abort requests: {}", e.getMessage());
            return;
        }
        for (ExecutionRepository.AbortRequest r : asked) {
            ExecutionRun run = active.get(r.id());
            if (run != null && !run.stopped()) {
                LOG.info("Execution {} aborted by {} through another member", r.id(), r.user());
                abort(r.id(), r.user());
            } else if (run == null) {
                // handed to this member and not started yet: it never runs
                repository.find(r.id()).filter(e -> e.state() == ExecutionState.QUEUED).ifPresent(e -> {
                    writeOneLine(e.id(), LogLevel.WARN, "aborted by " + r.user() + " before it started");
                    repository.finish(e.id(), ExecutionState.ABORTED, List.of(), List.of(), "aborted by " + r.user() + " before it started",
                            r.user(), null);
                });
            }
        }
    }

    @Override
    public Load load() {
        return new Load(active.size(), config.maxRunningExecutions());
    }

    @Override
    public int stopAll(ExecutionState state, String reason) {
        int n = 0;
        for (ExecutionRun run : active.values()) {
            if (!run.stopped()) {
                run.stop(state, reason, null);
                n++;
            }
        }
        return n;
    }

    @Override
    public Optional<Execution> retryIncomplete(long executionId) {
        Execution previous = require(executionId);
        if (previous.jobId() == null || previous.state() != ExecutionState.INCOMPLETE) {
            return Optional.empty();
        }
        JobDefinition job = jobs.get(previous.jobId()).orElse(null);
        if (job == null || job.retry() == null) {
            return Optional.empty();
        }
        Map<String, String> given = parseArgs(previous.argString());
        given.keySet().removeIf(name -> job.option(name) != null && job.option(name).secure());
        OptionResolver.Resolved opts = OptionResolver.resolve(job, given, secrets);
        DataContext d = new DataContext();
        opts.exposed().forEach((k, v) -> d.put("option", k, v));
        int retries;
        try {
            retries = Integer.parseInt(d.expand(job.retry().retry()).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        int attempt = previous.retryAttempt() + 1;
        if (retries < attempt) {
            return Optional.empty();
        }
        if (!job.executionEnabled()) {
            throw new RunException("api.error.execution.disabled", "job '" + job.fullName() + "' has executions disabled");
        }
        return Optional.of(start(job, opts, previous.user(), previous.loglevel(), previous.filter(), attempt, executionId,
                previous.executionType(), "retry " + attempt + " of execution " + executionId + ", which ended incomplete: "
                        + previous.reason()));
    }

    private Execution require(long id) {
        return repository.find(id).orElseThrow(() -> new ExecutionNotFoundException(id));
    }

    /**
     * The store that holds the execution's log: the configured one, else (the configured store was
     * switched since the execution ran) the first other installed store that has it.
     */
    private LogStore storeOf(long id) throws PluginException {
        String known = logStoreOf.get(id);
        LogStore held = known == null ? null : logStores.get(known);
        if (held != null) {
            return held;
        }
        LogStore configured = logStore();
        if (configured.state(id) != LogStore.State.NOT_FOUND) {
            remember(id, config.logStore());
            return configured;
        }
        for (Map.Entry<String, LogStore> e : logStores.entrySet()) {
            if (e.getValue() != configured) {
                try {
                    if (e.getValue().state(id) != LogStore.State.NOT_FOUND) {
                        remember(id, e.getKey());
                        return e.getValue();
                    }
                } catch (PluginException | RuntimeException ex) {
                    LOG.debug("Log store {} cannot say whether it has the log of execution {}: {}", e.getKey(), id, ex.toString());
                }
            }
        }
        return configured;
    }

    @Override
    public LogStore.Slice output(long id, long offset, int maxEvents) {
        require(id);
        try {
            return storeOf(id).read(id, offset, maxEvents);
        } catch (PluginException e) {
            throw new IllegalStateException("the log of execution " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public LogStore.Slice outputTail(long id, int maxEvents) {
        require(id);
        try {
            return storeOf(id).readLast(id, maxEvents);
        } catch (PluginException e) {
            throw new IllegalStateException("the log of execution " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public long outputSize(long id) {
        try {
            return storeOf(id).size(id);
        } catch (PluginException e) {
            throw new IllegalStateException("the log of execution " + id + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(long id) {
        Optional<Execution> e = repository.find(id);
        if (e.isEmpty()) {
            return false;
        }
        if (!e.get().state().isTerminal()) {
            throw new ExecutionConflictException("execution " + id + " is still " + e.get().state().apiName() + "; abort it first");
        }
        try {
            storeOf(id).delete(id);
            logStoreOf.remove(id);
        } catch (PluginException e2) {
            throw new IllegalStateException("the log of execution " + id + " cannot be deleted: " + e2.getMessage(), e2);
        }
        return repository.delete(id);
    }

    /** Which store holds an execution's log, as this member found out; bounded. */
    private final Map<Long, String> logStoreOf = new ConcurrentHashMap<>();

    private void remember(long id, String store) {
        if (logStoreOf.size() >= 10_000) {
            logStoreOf.clear();
        }
        logStoreOf.put(id, store);
    }

    @Override
    public LogStorage logStorage() {
        return new LogStorage(config.logStore(), logStore().status());
    }

    @Override
    public int resumeLogStorage() {
        return logStore().resumePending();
    }
}

package org.windlass.cluster.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.ClusterMember;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionMode;
import org.windlass.api.ExecutionState;
import org.windlass.api.MemberIdentity;
import org.windlass.api.MemberState;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.cluster.MemberRepository;
import org.windlass.api.cluster.Membership;
import org.windlass.api.execution.ExecutionRepository;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.job.ScheduleRepository;

/**
 * This member in the cluster: it registers in the members table and heartbeats there every
 * {@code heartbeat.interval}; the database's clock times every heartbeat.
 *
 * <p>Every member judges the others from the same table: a heartbeat older than
 * {@code heartbeat.considerInactive} makes a member inactive, older than
 * {@code heartbeat.considerDead} dead. One live member, the one with the lowest UUID (the leader),
 * acts on a dead member: it declares it dead with a conditional update (only if its heartbeat is
 * still the one judged by), ends its executions as incomplete, re-runs those whose job has retries
 * left, and after {@code autotakeover.delay} moves its schedules, in one transaction, spread over
 * the live active members whose autotakeover policy accepts it. Every step is a conditional update,
 * so two members that both believe they lead cannot do any of it twice.
 *
 * <p>Fencing: a member whose heartbeat finds it declared dead (it was paused or cut off longer than
 * the threshold) stops its executions (the cluster ended them already), fires no schedule (they
 * moved), and registers again as a new incarnation. A member that cannot reach the database for
 * longer than the dead threshold fences itself until it can.
 */
@Component(service = Membership.class, immediate = true, configurationPid = ClusterConfig.PID)
@Designate(ocd = ClusterConfig.class)
public class ClusterService implements Membership {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

    private final MemberRepository members;
    private final ScheduleRepository schedules;
    private final ExecutionRepository executionRows;
    private final MemberIdentity identity;
    private volatile ExecutionService executions;

    private final Duration interval;
    private final Duration considerInactive;
    private final Duration considerDead;
    private final Duration takeoverDelay;
    private final boolean autotakeover;
    private final String url;
    private final String publicUrl;
    private final MemberRepository.Registration registration;
    private final ScheduledExecutorService timer;

    private volatile long incarnation = -1;
    private volatile Instant lastBeat;
    private volatile long lastBeatNanos = System.nanoTime();
    private volatile ExecutionMode mode;
    private volatile String fenced;
    private boolean leading;
    /** since when this member's heartbeats reach the database without a failure; -1 while they fail */
    private long healthySinceNanos = -1;
    /** dead members known to own no schedule, and when that was last checked (nanos) */
    private final Map<String, Long> emptyDead = new HashMap<>();
    private final Set<String> noTargetLogged = new java.util.HashSet<>();

    @Activate
    public ClusterService(ClusterConfig config, @Reference MemberRepository members, @Reference ScheduleRepository schedules,
                          @Reference ExecutionRepository executionRows, @Reference MemberIdentity identity) {
        this.members = members;
        this.schedules = schedules;
        this.executionRows = executionRows;
        this.identity = identity;
        this.interval = Durations.parse(config.heartbeat_interval(), "heartbeat.interval");
        this.considerInactive = Durations.parse(config.heartbeat_considerInactive(), "heartbeat.considerInactive");
        this.considerDead = Durations.parse(config.heartbeat_considerDead(), "heartbeat.considerDead");
        this.takeoverDelay = Durations.parse(config.autotakeover_delay(), "autotakeover.delay");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("heartbeat.interval must be positive, not " + config.heartbeat_interval());
        }
        if (considerDead.compareTo(interval.multipliedBy(2)) < 0 || considerDead.compareTo(considerInactive) < 0) {
            throw new IllegalArgumentException("heartbeat.considerDead (" + considerDead.toMillis() + " ms) must be at least twice "
                    + "heartbeat.interval (" + interval.toMillis() + " ms) and at least heartbeat.considerInactive ("
                    + considerInactive.toMillis() + " ms)");
        }
        this.autotakeover = config.autotakeover_enabled();
        ExecutionMode initial = parseMode(config.executionMode(), "executionMode");
        this.mode = initial;
        this.url = config.url() == null || config.url().isBlank() ? defaultUrl() : config.url().strip();
        this.publicUrl = config.publicUrl() == null || config.publicUrl().isBlank() ? null : stripSlash(config.publicUrl().strip());
        String policy = config.autotakeover_policy() == null ? "Any" : config.autotakeover_policy().strip();
        String takeoverPolicy;
        String allowed = null;
        switch (policy.toLowerCase(Locale.ROOT)) {
            case "any" -> takeoverPolicy = "Any";
            case "static" -> {
                takeoverPolicy = "Allowed";
                allowed = config.autotakeover_config_allowed();
                MemberMatcher.parse(allowed);
            }
            case "remoteexecution" -> {
                takeoverPolicy = "Allowed";
                allowed = RemoteExecutionSettings.defaultAllowed(config);
                MemberMatcher.parse(allowed);
            }
            default -> throw new IllegalArgumentException("autotakeover.policy '" + policy + "' is not one of Any, Static, RemoteExecution");
        }
        if (!autotakeover) {
            takeoverPolicy = "None";
        }
        Set<String> tags = new LinkedHashSet<>();
        Arrays.stream((config.tags() == null ? "" : config.tags()).split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(tags::add);
        this.registration = new MemberRepository.Registration(identity.uuid(), identity.name(), url, identity.version(), tags,
                initial, takeoverPolicy, allowed);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "windlass-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Cluster member {} ({}) at {}: heartbeat every {} ms, inactive after {} ms, dead after {} ms, autotakeover {}",
                identity.name(), identity.uuid(), url, interval.toMillis(), considerInactive.toMillis(), considerDead.toMillis(),
                autotakeover ? policy + " after " + takeoverDelay.toMillis() + " ms" : "off");
    }

    static ExecutionMode parseMode(String text, String setting) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "active", "" -> ExecutionMode.ACTIVE;
            case "passive" -> ExecutionMode.PASSIVE;
            default -> throw new IllegalArgumentException(setting + " '" + text + "' is neither active nor passive");
        };
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String defaultUrl() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return "http://" + host + ":" + System.getProperty("org.osgi.service.http.port", "8181");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindExecutions(ExecutionService e) {
        this.executions = e;
    }

    void unbindExecutions(ExecutionService e) {
        if (this.executions == e) {
            this.executions = null;
        }
    }

    /** Stops heartbeating without leaving, as a crash or a long pause would (tests). */
    void stopHeartbeat() {
        timer.shutdownNow();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        Instant beat = lastBeat;
        if (beat != null && fenced == null) {
            try {
                // leaving: the others need not wait for the heartbeat to age before taking over
                if (members.declareDead(identity.uuid(), beat, "member " + identity.name() + " stopped")) {
                    LOG.info("Member {} left the cluster", identity.name());
                }
            } catch (RuntimeException e) {
                LOG.warn("Member {} could not record that it stopped: {}", identity.name(), e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- heartbeat

    void beat() {
        try {
            if (incarnation < 0) {
                register("joined");
            } else {
                Optional<MemberRepository.Row> row = members.heartbeat(identity.uuid(), incarnation, load());
                if (row.isEmpty()) {
                    fencedByCluster();
                    return;
                }
                accept(row.get());
            }
            MemberRepository.Snapshot snap = members.members();
            lead(snap);
        } catch (StorageUnavailableException e) {
            healthySinceNanos = -1;
            long silent = System.nanoTime() - lastBeatNanos;
            if (silent > considerDead.toNanos() && fenced == null) {
                fenced = "member " + identity.name() + " could not heartbeat for " + Duration.ofNanos(silent).toMillis()
                        + " ms (the database cannot be reached); the cluster counts it as dead";
                LOG.warn("Fenced: {}", fenced);
            } else {
                LOG.debug("Heartbeat failed: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("Cluster heartbeat failed", e);
        }
    }

    private void register(String why) {
        MemberRepository.Row row = members.register(registration);
        incarnation = row.incarnation();
        accept(row);
        LOG.info("Member {} {} the cluster (incarnation {}, execution mode {})", identity.name(), why, incarnation,
                row.mode().name().toLowerCase(Locale.ROOT));
    }

    private void accept(MemberRepository.Row row) {
        lastBeat = row.lastHeartbeat();
        lastBeatNanos = System.nanoTime();
        if (healthySinceNanos == -1) {
            healthySinceNanos = lastBeatNanos;
        }
        if (row.mode() != mode) {
            LOG.info("Member {} is now {}", identity.name(), row.mode().name().toLowerCase(Locale.ROOT));
        }
        mode = row.mode();
        if (fenced != null) {
            LOG.info("Member {} is no longer fenced: its heartbeat reached the database", identity.name());
            fenced = null;
        }
    }

    /** The heartbeat found this incarnation declared dead: stop, then join again. */
    private void fencedByCluster() {
        String why = members.members().rows().stream().filter(r -> r.uuid().equals(identity.uuid())).findFirst()
                .map(r -> r.deadReason() == null ? "its row was replaced" : r.deadReason()).orElse("its row was removed");
        fenced = "member " + identity.name() + " was declared dead by the cluster (" + why + ")";
        LOG.warn("Fenced: {}; stopping its executions and joining again", fenced);
        ExecutionService e = executions;
        if (e != null) {
            int stopped = e.stopAll(ExecutionState.INCOMPLETE, fenced);
            if (stopped > 0) {
                LOG.warn("Stopped {} execution(s) that the cluster had already ended", stopped);
            }
        }
        register("joined again");
    }

    private MemberLoad load() {
        ExecutionService e = executions;
        ExecutionService.Load l = e == null ? new ExecutionService.Load(0, 0) : e.load();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double avg = os.getSystemLoadAverage();
        double cpu = avg < 0 ? -1 : avg / Math.max(1, os.getAvailableProcessors());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new MemberLoad(l.running(), l.capacity(), cpu, heap.getUsed(), heap.getMax());
    }

    // ---------------------------------------------------------------- judging the others

    MemberState state(MemberRepository.Row r, Instant now) {
        if (r.deadAt() != null) {
            return MemberState.DEAD;
        }
        long age = now.toEpochMilli() - r.lastHeartbeat().toEpochMilli();
        if (age >= considerDead.toMillis()) {
            return MemberState.DEAD;
        }
        return age >= considerInactive.toMillis() ? MemberState.INACTIVE : MemberState.ACTIVE;
    }

    private ClusterMember view(MemberRepository.Row r, Instant now) {
        return new ClusterMember(r.uuid(), r.name(), r.url(), r.version(), state(r, now), r.lastHeartbeat(), r.tags(), r.mode(), r.load());
    }

    /** The leader acts on dead members; everything it does is conditional, so a second leader does nothing twice. */
    private void lead(MemberRepository.Snapshot snap) {
        Instant now = snap.now();
        String leader = snap.rows().stream().filter(r -> state(r, now) == MemberState.ACTIVE)
                .map(MemberRepository.Row::uuid).min(Comparator.naturalOrder()).orElse(null);
        boolean wasLeading = leading;
        // just started, or back from a database outage: the others' heartbeats may be old only because the
        // database was away for them too; they get a full dead threshold to heartbeat again before anyone judges
        boolean settled = healthySinceNanos != -1 && System.nanoTime() - healthySinceNanos >= considerDead.toNanos();
        leading = identity.uuid().equals(leader) && fenced == null && settled;
        if (!leading) {
            return;
        }
        if (!wasLeading) {
            LOG.info("Member {} leads the cluster's handling of dead members", identity.name());
        }
        for (MemberRepository.Row r : snap.rows()) {
            if (r.uuid().equals(identity.uuid()) || state(r, now) != MemberState.DEAD) {
                continue;
            }
            boolean declaredNow = false;
            if (r.deadAt() == null) {
                long age = now.toEpochMilli() - r.lastHeartbeat().toEpochMilli();
                String reason = "no heartbeat for " + age + " ms (last at " + r.lastHeartbeat() + ", database time)";
                if (!members.declareDead(r.uuid(), r.lastHeartbeat(), reason)) {
                    continue; // it heartbeated meanwhile, or another member declared it
                }
                LOG.warn("Member {} ({}) declared dead: {}", r.name(), r.uuid(), reason);
                declaredNow = true;
            }
            if (declaredNow || !wasLeading) {
                endExecutionsOf(r);
            }
            Instant deadAt = r.deadAt() == null ? now : r.deadAt();
            if (!now.isBefore(deadAt.plus(takeoverDelay))) {
                takeOverFrom(r, snap);
            }
        }
    }

    /** Ends the dead member's executions as incomplete; those whose job has retries left run again here. */
    private void endExecutionsOf(MemberRepository.Row dead) {
        String reason = "member " + dead.name() + " (" + dead.uuid() + ") died while the execution ran";
        List<Long> ids = executionRows.markIncomplete(dead.uuid(), reason);
        if (ids.isEmpty()) {
            return;
        }
        LOG.warn("Ended {} execution(s) of dead member {} as incomplete: {}", ids.size(), dead.name(), ids);
        ExecutionService e = executions;
        if (e == null || mode != ExecutionMode.ACTIVE) {
            LOG.warn("This member is {}; the dead member's executions are not retried here",
                    e == null ? "not running executions" : "passive");
            return;
        }
        for (long id : ids) {
            try {
                e.retryIncomplete(id).ifPresent(retry ->
                        LOG.info("Execution {} of dead member {} runs again as execution {} (attempt {})", id, dead.name(),
                                retry.id(), retry.retryAttempt()));
            } catch (RuntimeException ex) {
                LOG.warn("Execution {} of dead member {} could not run again: {}", id, dead.name(), ex.getMessage());
            }
        }
    }

    private void takeOverFrom(MemberRepository.Row dead, MemberRepository.Snapshot snap) {
        long nowNanos = System.nanoTime();
        Long checked = emptyDead.get(dead.uuid());
        if (checked != null && nowNanos - checked < 30_000_000_000L) {
            return; // owned nothing a moment ago
        }
        if (schedules.fingerprint(dead.uuid()).count() == 0) {
            emptyDead.put(dead.uuid(), nowNanos);
            return;
        }
        emptyDead.remove(dead.uuid());
        List<String> targets = new ArrayList<>();
        for (MemberRepository.Row r : snap.rows()) {
            if (state(r, snap.now()) == MemberState.ACTIVE && r.mode() == ExecutionMode.ACTIVE && accepts(r, dead)) {
                targets.add(r.uuid());
            }
        }
        if (targets.isEmpty()) {
            if (noTargetLogged.add(dead.uuid())) {
                LOG.warn("The schedules of dead member {} stay with it: no live active member's autotakeover policy accepts it", dead.name());
            }
            return;
        }
        noTargetLogged.remove(dead.uuid());
        targets.sort(Comparator.naturalOrder());
        List<ScheduleRepository.Move> moved = schedules.takeOver(Set.of(dead.uuid()), null, Set.of(), targets);
        if (!moved.isEmpty()) {
            LOG.warn("Autotakeover: {} schedule(s) of dead member {} moved to {}", moved.size(), dead.name(), targets);
        }
    }

    /** Whether the candidate's autotakeover policy lets it take over the dead member. */
    static boolean accepts(MemberRepository.Row candidate, MemberRepository.Row dead) {
        String policy = candidate.takeoverPolicy() == null ? "None" : candidate.takeoverPolicy();
        return switch (policy) {
            case "Any" -> true;
            case "Allowed" -> {
                try {
                    yield MemberMatcher.parse(candidate.takeoverAllowed()).matches(dead.uuid(), dead.name(), candidate.uuid());
                } catch (IllegalArgumentException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    // ---------------------------------------------------------------- Membership

    @Override
    public ExecutionMode executionMode() {
        return mode;
    }

    @Override
    public String fenced() {
        String f = fenced;
        if (f == null && lastBeat != null && System.nanoTime() - lastBeatNanos > considerDead.toNanos()) {
            // the heartbeat thread itself is stuck or starved: the cluster will count this member dead
            return "member " + identity.name() + " has not heartbeated for " + Duration.ofNanos(System.nanoTime() - lastBeatNanos).toMillis() + " ms";
        }
        return f;
    }

    @Override
    public List<ClusterMember> members() {
        MemberRepository.Snapshot snap = members.members();
        return snap.rows().stream().map(r -> view(r, snap.now())).toList();
    }

    @Override
    public Optional<ClusterMember> member(String uuid) {
        return members().stream().filter(m -> m.uuid().equalsIgnoreCase(uuid)).findFirst();
    }

    @Override
    public ClusterMember setExecutionMode(String uuid, ExecutionMode newMode) {
        if (!members.setMode(uuid, newMode)) {
            throw new NoSuchElementException("no cluster member " + uuid);
        }
        if (identity.uuid().equals(uuid)) {
            mode = newMode;
        }
        LOG.info("Execution mode of member {} set to {}", uuid, newMode.name().toLowerCase(Locale.ROOT));
        return member(uuid).orElseThrow(() -> new NoSuchElementException("no cluster member " + uuid));
    }

    @Override
    public List<ScheduleRepository.Move> takeOver(TakeoverRequest request) {
        List<String> targets = request.targets().isEmpty() ? List.of(identity.uuid()) : request.targets();
        Map<String, ClusterMember> known = new HashMap<>();
        members().forEach(m -> known.put(m.uuid(), m));
        for (String t : targets) {
            ClusterMember m = known.get(t);
            if (m == null) {
                throw new NoSuchElementException("no cluster member " + t + " to move schedules to");
            }
            if (m.state() == MemberState.DEAD) {
                throw new IllegalArgumentException("member " + m.name() + " (" + t + ") is dead; schedules cannot move to it");
            }
        }
        Set<String> from;
        if (request.all()) {
            from = Set.of();
        } else if (request.serverUuid() == null || request.serverUuid().isBlank()) {
            throw new IllegalArgumentException("a takeover names the member whose schedules move (server uuid) or all");
        } else {
            from = Set.of(request.serverUuid());
        }
        List<ScheduleRepository.Move> moved = schedules.takeOver(from, request.project(), request.jobIds(), targets);
        LOG.info("Takeover: {} schedule(s) of {} moved to {}", moved.size(), request.all() ? "all members" : request.serverUuid(), targets);
        return moved;
    }

    @Override
    public String publicUrl() {
        return publicUrl;
    }

    /** @return this member's URL as it registered */
    String url() {
        return url;
    }
}

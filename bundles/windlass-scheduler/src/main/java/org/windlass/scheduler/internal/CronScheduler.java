package org.windlass.scheduler.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.windlass.api.MemberIdentity;
import org.windlass.api.ExecutionMode;
import org.windlass.api.Project;
import org.windlass.api.cluster.Membership;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.execution.ExecutionConflictException;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.RunException;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobService;
import org.windlass.api.job.ScheduleRepository;
import org.windlass.api.job.SchedulerService;
import org.windlass.api.project.ProjectService;
import org.windlass.api.security.ApiTokenService;

/**
 * Fires the schedules this member owns.
 *
 * <p>Each owned schedule is one timer task on a single timer thread, armed for its next tick. When
 * a tick comes, a fire thread claims it in the database (the row's last tick moves from the
 * previous tick to this one, only if this member still owns it and no one moved it first) and
 * then starts the job's execution; the claim is what makes a tick fire once in the cluster, even
 * while ownership moves. A tick of a job whose schedule or executions are off, or whose project
 * disables them, is claimed and skipped.
 *
 * <p>Ticks that passed while the member was down (older than {@code misfireThreshold}) are claimed
 * in one step and recorded as {@code missed} executions (at most {@code maxMissedRecorded} per job).
 *
 * <p>Every {@code refreshMillis} the member compares a fingerprint of the rows it owns with the
 * last one and reads them again when it changed: a job saved (here or elsewhere), taken over,
 * deleted or switched on or off.
 */
@Component(service = SchedulerService.class, configurationPid = SchedulerConfig.PID)
@Designate(ocd = SchedulerConfig.class)
public class CronScheduler implements SchedulerService {

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);
    private static final long PROJECT_CACHE_NANOS = 1_000_000_000L;
    /** ticks walked at most when counting the ticks of an outage */
    private static final int MAX_MISSED_WALK = 1_000_000;

    /** What the scheduler needs of the engine; an adapter over the services in the member. */
    interface Runs {
        Optional<JobDefinition> job(String jobId);

        void runScheduled(String jobId, String user, Instant tick);

        void recordMissed(String jobId, String user, Instant tick, String reason);

        Map<String, String> projectProperties(String project);
    }

    private final ScheduleRepository schedules;
    private final Runs runs;
    private final String me;
    private final String memberName;
    private final boolean enabled;
    private final Duration misfire;
    private final int maxMissed;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService fire;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, CachedProject> projects = new ConcurrentHashMap<>();
    private volatile ScheduleRepository.Fingerprint fingerprint;
    private volatile Membership membership;
    private volatile String fencedLogged;

    private record CachedProject(Map<String, String> properties, long at) {
    }

    /** One owned schedule. Its tick fields change under its own lock. */
    private static final class Entry {
        final String jobId;
        final Instant updated;
        final String runAs;
        final JobDefinition job;
        final CronTicks ticks;
        Instant lastTick;
        Instant next;
        ScheduledFuture<?> armed;
        boolean dropped;

        Entry(ScheduleRepository.Row row, JobDefinition job, CronTicks ticks) {
            this.jobId = row.jobUuid();
            this.updated = row.updated();
            this.runAs = row.runAs();
            this.job = job;
            this.ticks = ticks;
            this.lastTick = row.lastTick();
        }
    }

    @Activate
    public CronScheduler(SchedulerConfig config, @Reference ScheduleRepository schedules, @Reference JobService jobs,
                         @Reference ExecutionService executions, @Reference ProjectService projectService,
                         @Reference MemberIdentity identity) {
        this(config, schedules, new Runs() {
            @Override
            public Optional<JobDefinition> job(String jobId) {
                return jobs.get(jobId);
            }

            @Override
            public void runScheduled(String jobId, String user, Instant tick) {
                executions.runScheduled(jobId, user, tick);
            }

            @Override
            public void recordMissed(String jobId, String user, Instant tick, String reason) {
                executions.recordMissed(jobId, user, tick, reason);
            }

            @Override
            public Map<String, String> projectProperties(String project) {
                return projectService.get(project).map(Project::properties).orElse(Map.of());
            }
        }, identity.uuid(), identity.name());
    }

    CronScheduler(SchedulerConfig config, ScheduleRepository schedules, Runs runs, String memberUuid, String memberName) {
        this.schedules = schedules;
        this.runs = runs;
        this.me = memberUuid;
        this.memberName = memberName;
        this.enabled = config.enabled();
        this.misfire = parseDuration(config.misfireThreshold());
        this.maxMissed = Math.max(1, config.maxMissedRecorded());
        this.timer = new ScheduledThreadPoolExecutor(1, threads("windlass-scheduler-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        int n = Math.max(1, config.fireThreads());
        this.fire = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("windlass-scheduler-fire"));
        ((ThreadPoolExecutor) fire).allowCoreThreadTimeOut(true);
        if (enabled) {
            timer.scheduleWithFixedDelay(this::refresh, 0, Math.max(100, config.refreshMillis()), TimeUnit.MILLISECONDS);
            LOG.info("Scheduler started on member {}: misfire threshold {}", memberName, misfire);
        } else {
            LOG.info("Scheduler disabled on member {} (enabled=false): its schedules do not fire", memberName);
        }
    }

    private static Duration parseDuration(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return Duration.ofSeconds(30);
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(t));
        }
        return ApiTokenService.parseDuration(t);
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

    /**
     * @return why this member must not claim ticks now (the cluster declared it dead: its schedules are
     * moving to other members), {@code null} when it may
     */
    private String fenced() {
        Membership m = membership;
        String why = m == null ? null : m.fenced();
        if (why != null && !why.equals(fencedLogged)) {
            LOG.warn("Scheduler claims no tick while fenced: {}", why);
        }
        fencedLogged = why;
        return why;
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        fire.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- what this member owns

    /** Reads the owned rows again when their fingerprint changed; arms new and changed schedules. */
    void refresh() {
        try {
            ScheduleRepository.Fingerprint now = schedules.fingerprint(me);
            if (now.equals(fingerprint)) {
                return;
            }
            List<ScheduleRepository.Row> rows = schedules.owned(me);
            Set<String> seen = new HashSet<>();
            for (ScheduleRepository.Row row : rows) {
                seen.add(row.jobUuid());
                Entry old = entries.get(row.jobUuid());
                if (old != null && old.updated.equals(row.updated())) {
                    continue;
                }
                load(row, old);
            }
            for (Entry e : List.copyOf(entries.values())) {
                if (!seen.contains(e.jobId)) {
                    drop(e, "it is no longer owned by this member");
                }
            }
            fingerprint = now;
        } catch (StorageUnavailableException e) {
            LOG.warn("Scheduler cannot read its schedules: {}; trying again", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Scheduler refresh failed", e);
        }
    }

    private void load(ScheduleRepository.Row row, Entry old) {
        if (old != null) {
            drop(old, null);
        }
        JobDefinition job = runs.job(row.jobUuid()).orElse(null);
        if (job == null || job.schedule() == null) {
            return; // deleted meanwhile, or no longer scheduled: the row goes with the next save
        }
        CronTicks ticks;
        try {
            ticks = CronTicks.parse(job.schedule().crontab(), job.timeZone());
        } catch (IllegalArgumentException e) {
            LOG.error("Job '{}' ({}): its schedule cannot fire: {}", job.fullName(), job.uuid(), e.getMessage());
            return;
        }
        Entry e = new Entry(row, job, ticks);
        entries.put(e.jobId, e);
        arm(e);
        LOG.debug("Schedule of job '{}' armed: {} in {}, next {}", job.fullName(), ticks.crontab(), ticks.zone(), e.next);
    }

    private void drop(Entry e, String why) {
        synchronized (e) {
            e.dropped = true;
            if (e.armed != null) {
                e.armed.cancel(false);
            }
        }
        entries.remove(e.jobId, e);
        if (why != null) {
            LOG.info("Schedule of job '{}' ({}) dropped: {}", e.job.fullName(), e.jobId, why);
        }
    }

    // ---------------------------------------------------------------- ticks

    /** Arms the entry for its next tick; ticks already too late are handed to the missed-tick path. */
    private void arm(Entry e) {
        synchronized (e) {
            if (e.dropped) {
                return;
            }
            Instant next = e.ticks.next(e.lastTick);
            e.next = next;
            if (next == null) {
                return; // a crontab whose years are over
            }
            long delay = next.toEpochMilli() - System.currentTimeMillis();
            try {
                if (delay < -misfire.toMillis()) {
                    e.armed = null;
                    fire.execute(() -> missed(e));
                } else {
                    e.armed = timer.schedule(() -> dispatch(e, next), Math.max(0, delay), TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException stopping) {
                LOG.debug("Scheduler stopping; job {} not armed", e.jobId);
            }
        }
    }

    private void dispatch(Entry e, Instant tick) {
        try {
            fire.execute(() -> fire(e, tick));
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Scheduler stopping; tick {} of job {} not fired", tick, e.jobId);
        }
    }

    /** Claims the tick, arms the next one, then starts the execution (unless switched off). */
    void fire(Entry e, Instant tick) {
        Instant previous;
        synchronized (e) {
            if (e.dropped) {
                return;
            }
            previous = e.lastTick;
        }
        if (fenced() != null) {
            retryLater(e, tick);
            return;
        }
        boolean claimed;
        try {
            claimed = schedules.claim(e.jobId, me, previous, tick);
        } catch (StorageUnavailableException ex) {
            LOG.warn("Job '{}': cannot claim the tick {}: {}; trying again in 1 s", e.job.fullName(), tick, ex.getMessage());
            retryLater(e, tick);
            return;
        }
        if (!claimed) {
            resync(e);
            return;
        }
        synchronized (e) {
            e.lastTick = tick;
        }
        arm(e);
        String off = switchedOff(e.job);
        if (off != null) {
            LOG.debug("Job '{}': tick {} skipped: {}", e.job.fullName(), tick, off);
            return;
        }
        try {
            runs.runScheduled(e.jobId, e.runAs, tick);
        } catch (ExecutionConflictException ex) {
            LOG.info("Job '{}': tick {} not fired: {}", e.job.fullName(), tick, ex.getMessage());
        } catch (RunException | java.util.NoSuchElementException ex) {
            LOG.warn("Job '{}': tick {} not fired: {}", e.job.fullName(), tick, ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.error("Job '{}': tick {} could not start its execution", e.job.fullName(), tick, ex);
        }
    }

    private void retryLater(Entry e, Instant tick) {
        try {
            synchronized (e) {
                if (!e.dropped) {
                    e.armed = timer.schedule(() -> {
                        if (System.currentTimeMillis() - tick.toEpochMilli() > misfire.toMillis()) {
                            fire.execute(() -> missed(e));
                        } else {
                            dispatch(e, tick);
                        }
                    }, 1, TimeUnit.SECONDS);
                }
            }
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Scheduler stopping");
        }
    }

    /** Another claim came first or ownership moved: the row says what is true. */
    private void resync(Entry e) {
        try {
            Optional<ScheduleRepository.Row> row = schedules.find(e.jobId);
            if (row.isEmpty() || !me.equals(row.get().owner())) {
                drop(e, row.isEmpty() ? "the job was deleted" : "member " + row.get().owner() + " owns it now");
                return;
            }
            synchronized (e) {
                e.lastTick = row.get().lastTick();
            }
            arm(e);
        } catch (StorageUnavailableException ex) {
            LOG.warn("Job '{}': cannot read its schedule: {}; the next refresh tries again", e.job.fullName(), ex.getMessage());
            fingerprint = null;
        }
    }

    /** The ticks since the last handled one are too late to fire: claims them together and records them as missed. */
    void missed(Entry e) {
        Instant previous;
        synchronized (e) {
            if (e.dropped) {
                return;
            }
            previous = e.lastTick;
        }
        Instant limit = Instant.now().minus(misfire);
        Deque<Instant> recent = new ArrayDeque<>();
        long count = 0;
        Instant t = e.ticks.next(previous);
        Instant last = null;
        while (t != null && t.isBefore(limit) && count < MAX_MISSED_WALK) {
            count++;
            last = t;
            recent.addLast(t);
            if (recent.size() > maxMissed) {
                recent.removeFirst();
            }
            t = e.ticks.next(t);
        }
        if (last == null) {
            arm(e);
            return;
        }
        if (fenced() != null) {
            retryLater(e, last);
            return;
        }
        boolean claimed;
        try {
            claimed = schedules.claim(e.jobId, me, previous, last);
        } catch (StorageUnavailableException ex) {
            LOG.warn("Job '{}': cannot claim its missed ticks: {}; trying again in 1 s", e.job.fullName(), ex.getMessage());
            retryLater(e, last);
            return;
        }
        if (!claimed) {
            resync(e);
            return;
        }
        synchronized (e) {
            e.lastTick = last;
        }
        String off = switchedOff(e.job);
        if (off == null) {
            long older = count - recent.size();
            LOG.warn("Job '{}': {} tick(s) from {} to {} were missed (this member was not running or could not fire); "
                    + "recording {}", e.job.fullName(), count, recent.peekFirst(), last, recent.size());
            boolean first = true;
            for (Instant tick : recent) {
                String reason = "member " + memberName + " was not running or could not fire the tick at " + tick
                        + (first && older > 0 ? "; " + older + " earlier tick(s) were missed as well and are not recorded" : "");
                first = false;
                try {
                    runs.recordMissed(e.jobId, e.runAs, tick, reason);
                } catch (RuntimeException ex) {
                    LOG.warn("Job '{}': the missed tick {} could not be recorded: {}", e.job.fullName(), tick, ex.getMessage());
                }
            }
        }
        arm(e);
    }

    /** @return why the job's ticks are skipped, or {@code null} when they fire */
    private String switchedOff(JobDefinition job) {
        Membership m = membership;
        if (m != null && m.executionMode() == ExecutionMode.PASSIVE) {
            return "member " + memberName + " is in passive execution mode";
        }
        if (!job.scheduleEnabled()) {
            return "its schedule is disabled";
        }
        if (!job.executionEnabled()) {
            return "its executions are disabled";
        }
        Map<String, String> p = projectProperties(job.project());
        if ("true".equals(p.get("project.disable.schedule"))) {
            return "project " + job.project() + " disables schedules";
        }
        if ("true".equals(p.get("project.disable.executions"))) {
            return "project " + job.project() + " disables executions";
        }
        return null;
    }

    private Map<String, String> projectProperties(String project) {
        long now = System.nanoTime();
        CachedProject c = projects.get(project);
        if (c == null || now - c.at() > PROJECT_CACHE_NANOS) {
            c = new CachedProject(runs.projectProperties(project), now);
            projects.put(project, c);
        }
        return c.properties();
    }

    // ---------------------------------------------------------------- SchedulerService

    @Override
    public List<ScheduledJob> owned() {
        List<ScheduledJob> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            synchronized (e) {
                out.add(view(e.job, e.ticks, me, e.runAs, e.lastTick, e.next));
            }
        }
        out.sort(SOONEST);
        return out;
    }

    @Override
    public List<ScheduledJob> ownedBy(String memberUuid) {
        if (me.equals(memberUuid)) {
            return owned();
        }
        List<ScheduledJob> out = new ArrayList<>();
        Map<String, JobDefinition> seen = new HashMap<>();
        for (ScheduleRepository.Row row : schedules.owned(memberUuid)) {
            JobDefinition job = seen.computeIfAbsent(row.jobUuid(), id -> runs.job(id).orElse(null));
            if (job == null || job.schedule() == null) {
                continue;
            }
            CronTicks ticks;
            try {
                ticks = CronTicks.parse(job.schedule().crontab(), job.timeZone());
            } catch (IllegalArgumentException e) {
                continue;
            }
            Instant from = row.lastTick().isAfter(Instant.now()) ? row.lastTick() : Instant.now();
            out.add(view(job, ticks, memberUuid, row.runAs(), row.lastTick(), ticks.next(from)));
        }
        out.sort(SOONEST);
        return out;
    }

    private static final Comparator<ScheduledJob> SOONEST = Comparator.comparing(ScheduledJob::nextFire,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(ScheduledJob::jobId);

    private static ScheduledJob view(JobDefinition job, CronTicks ticks, String owner, String runAs, Instant last, Instant next) {
        return new ScheduledJob(job.uuid(), job.project(), job.group(), job.name(), ticks.crontab(), ticks.zone().getId(),
                job.scheduleEnabled(), job.executionEnabled(), owner, runAs, last, next);
    }

    /** @return how many schedules are armed (for tests) */
    int armed() {
        return entries.size();
    }
}

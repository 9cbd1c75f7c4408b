package org.windlass.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobStep;
import org.windlass.api.job.ScheduleRepository;
import org.windlass.api.job.SchedulerService;

/** The scheduler's ticks, claims, switches, missed ticks and ownership, with a database kept in memory. */
class CronSchedulerTest {

    /** ScheduleRepository with the database's claim semantics (one conditional update at a time). */
    static final class MemoryRepository implements ScheduleRepository {
        final Map<String, Row> rows = new HashMap<>();
        final List<String> claims = Collections.synchronizedList(new ArrayList<>());

        @Override
        public synchronized Row own(String jobUuid, String owner, String runAs, Instant from) {
            Row r = new Row(jobUuid, owner, runAs, from, Instant.now().plusNanos(rows.size()));
            rows.put(jobUuid, r);
            return r;
        }

        @Override
        public synchronized void remove(String jobUuid) {
            rows.remove(jobUuid);
        }

        @Override
        public synchronized Optional<Row> find(String jobUuid) {
            return Optional.ofNullable(rows.get(jobUuid));
        }

        @Override
        public synchronized List<Row> owned(String owner) {
            return rows.values().stream().filter(r -> r.owner().equals(owner)).toList();
        }

        @Override
        public synchronized Fingerprint fingerprint(String owner) {
            List<Row> mine = owned(owner);
            return new Fingerprint(mine.size(), mine.stream().map(Row::updated).max(Instant::compareTo).orElse(null));
        }

        @Override
        public synchronized List<Row> all() {
            return List.copyOf(rows.values());
        }

        @Override
        public synchronized boolean claim(String jobUuid, String owner, Instant previous, Instant tick) {
            Row r = rows.get(jobUuid);
            if (r == null || !r.owner().equals(owner) || !r.lastTick().equals(previous)) {
                return false;
            }
            rows.put(jobUuid, new Row(jobUuid, owner, r.runAs(), tick, r.updated()));
            claims.add(jobUuid + "@" + tick + " by " + owner);
            return true;
        }

        @Override
        public synchronized List<Move> takeOver(java.util.Set<String> fromOwners, String project, java.util.Set<String> jobIds, List<String> targets) {
            List<Move> moved = new ArrayList<>();
            int i = 0;
            for (Row r : List.copyOf(rows.values())) {
                boolean from = fromOwners.isEmpty() ? !targets.contains(r.owner()) : fromOwners.contains(r.owner());
                if (from && (jobIds.isEmpty() || jobIds.contains(r.jobUuid()))) {
                    String to = targets.get(i++ % targets.size());
                    rows.put(r.jobUuid(), new Row(r.jobUuid(), to, r.runAs(), r.lastTick(), r.updated().plusMillis(1)));
                    moved.add(new Move(r.jobUuid(), r.owner(), to));
                }
            }
            return moved;
        }
    }

    /** A member's standing in the cluster, set by the test. */
    static final class FakeMembership implements org.windlass.api.cluster.Membership {
        volatile String fenced;
        volatile org.windlass.api.ExecutionMode mode = org.windlass.api.ExecutionMode.ACTIVE;

        @Override
        public org.windlass.api.ExecutionMode executionMode() {
            return mode;
        }

        @Override
        public String fenced() {
            return fenced;
        }

        @Override
        public List<org.windlass.api.ClusterMember> members() {
            return List.of();
        }

        @Override
        public Optional<org.windlass.api.ClusterMember> member(String uuid) {
            return Optional.empty();
        }

        @Override
        public org.windlass.api.ClusterMember setExecutionMode(String uuid, org.windlass.api.ExecutionMode m) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ScheduleRepository.Move> takeOver(TakeoverRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String publicUrl() {
            return null;
        }
    }

    /** What the scheduler started or recorded. */
    static final class Recorder implements CronScheduler.Runs {
        final Map<String, JobDefinition> jobs = new ConcurrentHashMap<>();
        final Map<String, Map<String, String>> projects = new ConcurrentHashMap<>();
        final List<String> fired = Collections.synchronizedList(new ArrayList<>());
        final List<String> missed = Collections.synchronizedList(new ArrayList<>());
        final List<Long> lateness = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Optional<JobDefinition> job(String jobId) {
            return Optional.ofNullable(jobs.get(jobId));
        }

        @Override
        public void runScheduled(String jobId, String user, Instant tick) {
            lateness.add(System.currentTimeMillis() - tick.toEpochMilli());
            fired.add(jobId + "@" + tick + " as " + user);
        }

        @Override
        public void recordMissed(String jobId, String user, Instant tick, String reason) {
            missed.add(jobId + "@" + tick + ": " + reason);
        }

        @Override
        public Map<String, String> projectProperties(String project) {
            return projects.getOrDefault(project, Map.of());
        }
    }

    private final MemoryRepository repo = new MemoryRepository();
    private final Recorder runs = new Recorder();
    private final List<CronScheduler> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(CronScheduler::deactivate);
    }

    static SchedulerConfig config(Map<String, Object> settings) {
        return (SchedulerConfig) Proxy.newProxyInstance(SchedulerConfig.class.getClassLoader(), new Class<?>[] {SchedulerConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? SchedulerConfig.class
                        : settings.containsKey(method.getName()) ? settings.get(method.getName()) : method.getDefaultValue());
    }

    private CronScheduler scheduler(String member, Map<String, Object> settings) {
        Map<String, Object> s = new HashMap<>(Map.of("refreshMillis", 100L));
        s.putAll(settings);
        CronScheduler c = new CronScheduler(config(s), repo, runs, member, member);
        started.add(c);
        return c;
    }

    static JobDefinition job(String id, String crontab, String zone, boolean scheduleEnabled, boolean executionEnabled) {
        return new JobDefinition(id, "p", "job-" + id, null, null, null, executionEnabled, scheduleEnabled,
                crontab == null ? null : new JobDefinition.Schedule(crontab), zone, false, null, null, null, List.of(),
                new JobDefinition.Sequence(false, null, List.of(JobStep.command("true"))), null, true, null, null, null, Map.of());
    }

    private void add(JobDefinition job, String owner) {
        runs.jobs.put(job.uuid(), job);
        repo.own(job.uuid(), owner, "alice", Instant.now());
    }

    private long firedFor(String jobId) {
        synchronized (runs.fired) {
            return runs.fired.stream().filter(f -> f.startsWith(jobId + "@")).count();
        }
    }

    @Test
    void anEverySecondScheduleFiresOnWholeSecondsAsItsUser() {
        add(job("a", "* * * * * ? *", null, true, true), "m1");
        scheduler("m1", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> firedFor("a") >= 3);
        synchronized (runs.fired) {
            for (String f : runs.fired) {
                assertTrue(f.matches("a@\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ as alice"), f);
            }
            assertEquals(runs.fired.size(), new HashSet<>(runs.fired).size(), "each tick once");
        }
        synchronized (runs.lateness) {
            assertTrue(runs.lateness.stream().allMatch(l -> l >= 0 && l < 1000), "fired within the second of its tick: " + runs.lateness);
        }
    }

    @Test
    void aFencedMemberClaimsNoTickAndItsScheduleFiresOnceWhereItWasMoved() {
        add(job("f", "* * * * * ? *", null, true, true), "m1");
        FakeMembership cluster = new FakeMembership();
        CronScheduler m1 = scheduler("m1", Map.of());
        m1.bindMembership(cluster);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> firedFor("f") >= 1);
        cluster.fenced = "declared dead by the test";
        int claimsWhenFenced = repo.claims.size();
        // the cluster moves the schedule while m1 is fenced; m2 fires it from then on, m1 never again
        scheduler("m2", Map.of());
        repo.takeOver(java.util.Set.of("m1"), null, java.util.Set.of(), List.of("m2"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> repo.claims.stream().filter(c -> c.endsWith("by m2")).count() >= 2);
        cluster.fenced = null;
        Awaitility.await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        synchronized (repo.claims) {
            assertTrue(repo.claims.subList(claimsWhenFenced, repo.claims.size()).stream().noneMatch(c -> c.endsWith("by m1")),
                    "no claim by the fenced member: " + repo.claims);
            assertEquals(repo.claims.size(), new HashSet<>(repo.claims.stream().map(c -> c.substring(0, c.indexOf(" by "))).toList()).size(),
                    "each tick claimed once: " + repo.claims);
        }
        assertTrue(m1.owned().isEmpty(), "m1 dropped the schedule it lost");
    }

    @Test
    void aPassiveMemberClaimsItsTicksAndSkipsThem() {
        add(job("p", "* * * * * ? *", null, true, true), "m1");
        FakeMembership cluster = new FakeMembership();
        cluster.mode = org.windlass.api.ExecutionMode.PASSIVE;
        CronScheduler m1 = scheduler("m1", Map.of());
        m1.bindMembership(cluster);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> repo.claims.size() >= 2);
        assertEquals(0, firedFor("p"));
        cluster.mode = org.windlass.api.ExecutionMode.ACTIVE;
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> firedFor("p") >= 1);
    }

    @Test
    void switchedOffSchedulesClaimTheirTicksButDoNotFire() {
        add(job("off", "* * * * * ? *", null, false, true), "m1");
        add(job("noexec", "* * * * * ? *", null, true, false), "m1");
        JobDefinition inQuiet = new JobDefinition("quiet", "q", "quiet", null, null, null, true, true,
                new JobDefinition.Schedule("* * * * * ? *"), null, false, null, null, null, List.of(),
                new JobDefinition.Sequence(false, null, List.of(JobStep.command("true"))), null, true, null, null, null, Map.of());
        runs.projects.put("q", Map.of("project.disable.schedule", "true"));
        add(inQuiet, "m1");
        add(job("on", "* * * * * ? *", null, true, true), "m1");
        scheduler("m1", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> firedFor("on") >= 2);
        assertEquals(0, firedFor("off") + firedFor("noexec") + firedFor("quiet"));
        assertTrue(repo.claims.stream().anyMatch(c -> c.startsWith("off@")), "the disabled schedule's ticks are claimed");
    }

    @Test
    void ticksMissedWhileTheMemberWasDownAreRecordedThenItFiresAgain() {
        add(job("m", "0 * * * * ? *", null, true, true), "m1");
        // the member was down for the last ten minutes
        Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
        repo.own("m", "m1", "alice", tenMinutesAgo);
        CronScheduler s = scheduler("m1", Map.of("maxMissedRecorded", 4));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runs.missed.size() == 4);
        synchronized (runs.missed) {
            assertTrue(runs.missed.get(0).contains("earlier tick(s) were missed as well"), runs.missed.get(0));
            assertTrue(runs.missed.get(0).matches("m@\\S+:00Z: member m1 was not running or could not fire the tick at .*"), runs.missed.get(0));
        }
        Instant last = repo.find("m").orElseThrow().lastTick();
        assertTrue(last.isAfter(Instant.now().minus(Duration.ofSeconds(91))) && last.getEpochSecond() % 60 == 0, "claimed up to " + last);
        assertTrue(s.owned().get(0).nextFire().isAfter(last));
        // a tick within the misfire threshold (30 s) may still fire, late; no tick is both missed and fired
        synchronized (runs.fired) {
            for (String f : runs.fired) {
                String tick = f.substring(0, f.indexOf(" as "));
                assertTrue(runs.missed.stream().noneMatch(m -> m.startsWith(tick + ":")), "fired and missed: " + tick);
            }
        }
    }

    @Test
    void aScheduleMovedToAnotherMemberFiresThereAndEachTickOnlyOnce() {
        add(job("x", "* * * * * ? *", null, true, true), "m1");
        scheduler("m1", Map.of());
        scheduler("m2", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> firedFor("x") >= 2);
        Instant moved = Instant.now();
        repo.own("x", "m2", "bob", repo.find("x").orElseThrow().lastTick());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            synchronized (runs.fired) {
                return runs.fired.stream().filter(f -> f.endsWith(" as bob")).count() >= 2;
            }
        });
        synchronized (repo.claims) {
            Set<String> ticks = new HashSet<>();
            for (String c : repo.claims) {
                assertTrue(ticks.add(c.substring(0, c.indexOf(" by "))), "tick claimed twice: " + c);
            }
            assertTrue(repo.claims.stream().filter(c -> c.endsWith("by m2")).allMatch(c -> !c.contains("m1")));
        }
        synchronized (runs.fired) {
            Set<String> ticks = new HashSet<>();
            for (String f : runs.fired) {
                assertTrue(ticks.add(f.substring(0, f.indexOf(" as "))), "fired twice: " + f);
            }
        }
        assertTrue(moved.isBefore(Instant.now()));
    }

    @Test
    void aDisabledSchedulerFiresNothing() {
        add(job("d", "* * * * * ? *", null, true, true), "m1");
        CronScheduler s = scheduler("m1", Map.of("enabled", false));
        // the other tests show ticks within a second; two and a half seconds of none here
        Awaitility.await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertEquals(0, firedFor("d"));
        assertEquals(0, s.armed());
    }

    @Test
    void ownedListsTheNextFireInTheJobsTimeZone() {
        add(job("ny", "0 0 12 * * ? *", "America/New_York", true, true), "m1");
        add(job("utc", "0 0 12 * * ? *", "UTC", true, true), "m1");
        CronScheduler s = scheduler("m1", Map.of());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> s.owned().size() == 2);
        Map<String, SchedulerService.ScheduledJob> byId = new HashMap<>();
        s.owned().forEach(j -> byId.put(j.jobId(), j));
        SchedulerService.ScheduledJob ny = byId.get("ny");
        assertEquals("America/New_York", ny.timeZone());
        java.time.ZonedDateTime local = ny.nextFire().atZone(java.time.ZoneId.of("America/New_York"));
        assertEquals(12, local.getHour());
        assertEquals(0, local.getMinute());
        assertEquals(12, byId.get("utc").nextFire().atZone(java.time.ZoneOffset.UTC).getHour());
        assertEquals("m1", ny.owner());
    }
}

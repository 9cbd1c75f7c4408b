package org.windlass.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.MemberIdentity;
import org.windlass.api.MemberState;
import org.windlass.api.StorageUnavailableException;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.cluster.MemberRepository;
import org.windlass.api.cluster.Membership;
import org.windlass.api.execution.ExecutionRepository;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.job.ScheduleRepository;

/** Heartbeat, death, fencing and takeover between members sharing one (in-memory) database. */
class ClusterServiceTest {

    /** The members table with the database's semantics: conditional updates, one at a time, one clock. */
    static final class Table implements MemberRepository {
        final Map<String, Row> rows = new HashMap<>();
        final Set<String> unreachableFor = ConcurrentHashMap.newKeySet();

        private void reach(String uuid) {
            if (unreachableFor.contains(uuid)) {
                throw new StorageUnavailableException("the test cut member " + uuid + " off", null);
            }
        }

        private static Instant now() {
            return Instant.now();
        }

        @Override
        public synchronized Row register(Registration r) {
            reach(r.uuid());
            Row old = rows.get(r.uuid());
            Instant now = now();
            Row row = new Row(r.uuid(), r.name(), r.url(), r.version(), r.tags(), old == null ? r.initialMode() : old.mode(),
                    old == null ? 1 : old.incarnation() + 1, now, now, null, null, MemberLoad.NONE, r.takeoverPolicy(), r.takeoverAllowed());
            rows.put(r.uuid(), row);
            return row;
        }

        @Override
        public synchronized Optional<Row> heartbeat(String uuid, long incarnation, MemberLoad load) {
            reach(uuid);
            Row r = rows.get(uuid);
            if (r == null || r.incarnation() != incarnation || r.deadAt() != null) {
                return Optional.empty();
            }
            Row beat = new Row(r.uuid(), r.name(), r.url(), r.version(), r.tags(), r.mode(), r.incarnation(), r.registered(), now(),
                    null, null, load, r.takeoverPolicy(), r.takeoverAllowed());
            rows.put(uuid, beat);
            return Optional.of(beat);
        }

        @Override
        public synchronized Snapshot members() {
            return new Snapshot(now(), List.copyOf(rows.values()));
        }

        @Override
        public synchronized boolean declareDead(String uuid, Instant seen, String reason) {
            Row r = rows.get(uuid);
            if (r == null || !r.lastHeartbeat().equals(seen) || r.deadAt() != null) {
                return false;
            }
            rows.put(uuid, new Row(r.uuid(), r.name(), r.url(), r.version(), r.tags(), r.mode(), r.incarnation(), r.registered(),
                    r.lastHeartbeat(), now(), reason, r.load(), r.takeoverPolicy(), r.takeoverAllowed()));
            return true;
        }

        @Override
        public synchronized boolean setMode(String uuid, ExecutionMode mode) {
            Row r = rows.get(uuid);
            if (r == null) {
                return false;
            }
            rows.put(uuid, new Row(r.uuid(), r.name(), r.url(), r.version(), r.tags(), mode, r.incarnation(), r.registered(),
                    r.lastHeartbeat(), r.deadAt(), r.deadReason(), r.load(), r.takeoverPolicy(), r.takeoverAllowed()));
            return true;
        }

        @Override
        public synchronized boolean remove(String uuid) {
            return rows.remove(uuid) != null;
        }
    }

    /** Schedule rows: owner per job. */
    static final class Schedules implements ScheduleRepository {
        final Map<String, String> owner = new ConcurrentHashMap<>();

        @Override
        public Row own(String jobUuid, String o, String runAs, Instant from) {
            owner.put(jobUuid, o);
            return null;
        }

        @Override
        public void remove(String jobUuid) {
            owner.remove(jobUuid);
        }

        @Override
        public Optional<Row> find(String jobUuid) {
            return Optional.empty();
        }

        @Override
        public List<Row> owned(String o) {
            return List.of();
        }

        @Override
        public synchronized Fingerprint fingerprint(String o) {
            return new Fingerprint(owner.values().stream().filter(o::equals).count(), null);
        }

        @Override
        public List<Row> all() {
            return List.of();
        }

        @Override
        public boolean claim(String jobUuid, String o, Instant previous, Instant tick) {
            return false;
        }

        @Override
        public synchronized List<Move> takeOver(Set<String> from, String project, Set<String> jobIds, List<String> targets) {
            List<Move> moved = new ArrayList<>();
            int i = 0;
            for (String job : new java.util.TreeSet<>(owner.keySet())) {
                String o = owner.get(job);
                boolean match = from.isEmpty() ? !targets.contains(o) : from.contains(o);
                if (match && (jobIds.isEmpty() || jobIds.contains(job))) {
                    String to = targets.get(i++ % targets.size());
                    owner.put(job, to);
                    moved.add(new Move(job, o, to));
                }
            }
            return moved;
        }
    }

    private final Table table = new Table();
    private final Schedules schedules = new Schedules();
    private final List<String> incomplete = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> retried = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger stopped = new AtomicInteger();
    private final List<ClusterService> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ClusterService::stopHeartbeat);
    }

    private static ClusterConfig config(Map<String, Object> settings) {
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(), new Class<?>[] {ClusterConfig.class},
                (proxy, method, args) -> method.getName().equals("annotationType") ? ClusterConfig.class
                        : settings.containsKey(method.getName()) ? settings.get(method.getName()) : method.getDefaultValue());
    }

    private ExecutionRepository executionRows() {
        return (ExecutionRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExecutionRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("markIncomplete")) {
                        incomplete.add(args[0] + ": " + args[1]);
                        return args[0].equals("m-a") ? List.of(41L, 42L) : List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private ExecutionService engine() {
        return (ExecutionService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ExecutionService.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "load" -> new ExecutionService.Load(2, 8);
                    case "stopAll" -> {
                        stopped.incrementAndGet();
                        yield 1;
                    }
                    case "retryIncomplete" -> {
                        retried.add((Long) args[0]);
                        yield Optional.empty();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ClusterService member(String uuid, Map<String, Object> settings) {
        Map<String, Object> s = new HashMap<>(Map.of("heartbeat_interval", "100", "heartbeat_considerInactive", "300",
                "heartbeat_considerDead", "700"));
        s.putAll(settings);
        MemberIdentity id = new MemberIdentity() {
            @Override
            public String uuid() {
                return uuid;
            }

            @Override
            public String name() {
                return "name-" + uuid;
            }

            @Override
            public String version() {
                return "test";
            }
        };
        ClusterService c = new ClusterService(config(s), table, schedules, executionRows(), id);
        c.bindExecutions(engine());
        started.add(c);
        return c;
    }

    private MemberState stateOf(Membership m, String uuid) {
        return m.member(uuid).map(ClusterMember::state).orElse(null);
    }

    @Test
    void aMemberThatStopsHeartbeatingIsDeclaredDeadItsExecutionsEndAndItsSchedulesAreSpread() {
        ClusterService a = member("m-a", Map.of());
        ClusterService b = member("m-b", Map.of());
        ClusterService c = member("m-c", Map.of());
        for (int i = 0; i < 6; i++) {
            schedules.own("job-" + i, "m-a", "alice", Instant.now());
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.members().size() == 3
                && b.members().stream().allMatch(m -> m.state() == MemberState.ACTIVE));
        assertEquals(new MemberLoad(2, 8, b.members().get(0).load().cpu(), b.members().get(0).load().heapUsed(),
                b.members().get(0).load().heapMax()).threadRatio(), 0.25);
        long killed = System.nanoTime();
        a.stopHeartbeat();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stateOf(b, "m-a") == MemberState.INACTIVE
                || stateOf(b, "m-a") == MemberState.DEAD);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> schedules.fingerprint("m-a").count() == 0);
        long tookMs = (System.nanoTime() - killed) / 1_000_000;
        assertTrue(tookMs >= 600, "not before the dead threshold (700 ms): " + tookMs);
        assertEquals(MemberState.DEAD, stateOf(c, "m-a"));
        assertEquals(3, schedules.fingerprint("m-b").count(), "spread evenly");
        assertEquals(3, schedules.fingerprint("m-c").count());
        assertEquals(1, incomplete.size(), "one leader ended the dead member's executions once: " + incomplete);
        assertTrue(incomplete.get(0).startsWith("m-a: member name-m-a (m-a) died while the execution ran"), incomplete.get(0));
        assertEquals(List.of(41L, 42L), retried, "each is offered a retry once");
        assertTrue(table.members().rows().stream().filter(r -> r.uuid().equals("m-a")).findFirst().orElseThrow()
                .deadReason().startsWith("no heartbeat for "));
    }

    @Test
    void aPausedMemberIsFencedStopsItsRunsAndJoinsAgainWithoutGettingItsSchedulesBack() {
        ClusterService a = member("m-a", Map.of());
        ClusterService b = member("m-b", Map.of());
        schedules.own("job-1", "m-a", "alice", Instant.now());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> b.members().size() == 2);
        assertNull(a.fenced());
        // a long pause: a cannot reach the database; it fences itself once it is past the dead threshold
        table.unreachableFor.add("m-a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.fenced() != null);
        assertTrue(a.fenced().contains("heartbeat"), a.fenced());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "m-b".equals(schedules.owner.get("job-1")));
        // back: its heartbeat finds it declared dead; it stops its executions and joins as a new incarnation
        table.unreachableFor.remove("m-a");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.fenced() == null && stopped.get() == 1);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stateOf(b, "m-a") == MemberState.ACTIVE);
        assertEquals("m-b", schedules.owner.get("job-1"), "schedules stay where they moved");
    }

    @Test
    void policiesChooseWhoTakesOverAndModesAreSwitchedForAnyMember() {
        ClusterService a = member("m-a", Map.of());
        // b takes over nobody; c only members named like name-m-a; d is passive
        ClusterService b = member("m-b", Map.of("autotakeover_enabled", false));
        ClusterService c = member("m-c", Map.of("autotakeover_policy", "Static", "autotakeover_config_allowed", "/name-m-a/"));
        ClusterService d = member("m-d", Map.of("executionMode", "passive"));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.members().size() == 4);
        assertEquals(ExecutionMode.PASSIVE, d.executionMode());
        for (int i = 0; i < 4; i++) {
            schedules.own("job-" + i, "m-a", "alice", Instant.now());
        }
        a.stopHeartbeat();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> schedules.fingerprint("m-a").count() == 0);
        assertEquals(4, schedules.fingerprint("m-c").count(), "only c's policy accepts a; b is off and d passive");

        // a mode set through another member reaches the member at its next heartbeat
        b.setExecutionMode("m-d", ExecutionMode.ACTIVE);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> d.executionMode() == ExecutionMode.ACTIVE);
        assertThrows(java.util.NoSuchElementException.class, () -> b.setExecutionMode("m-none", ExecutionMode.ACTIVE));

        // manual takeover: everything of c moves to b and d, spread; a dead target is refused
        List<ScheduleRepository.Move> moved = c.takeOver(new Membership.TakeoverRequest("m-c", false, null, Set.of(), List.of("m-b", "m-d")));
        assertEquals(4, moved.size());
        assertEquals(2, schedules.fingerprint("m-b").count());
        assertThrows(IllegalArgumentException.class, () -> c.takeOver(new Membership.TakeoverRequest("m-b", false, null, Set.of(), List.of("m-a"))));
        assertEquals(2, c.takeOver(new Membership.TakeoverRequest("m-b", false, null, Set.of(), List.of())).size(), "to the member asked");
    }

    @Test
    void badSettingsAreRefusedWithTheSettingNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> member("x", Map.of("heartbeat_considerDead", "150")));
        assertTrue(e.getMessage().contains("heartbeat.considerDead"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> member("x", Map.of("autotakeover_policy", "Sometimes")));
        assertTrue(e.getMessage().contains("autotakeover.policy 'Sometimes'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> member("x", Map.of("executionMode", "lazy")));
        assertTrue(e.getMessage().contains("executionMode 'lazy'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> member("x", Map.of("autotakeover_policy", "Static",
                "autotakeover_config_allowed", "/[/")));
        assertTrue(e.getMessage().contains("not a regular expression"), e.getMessage());
        assertNotNull(MemberMatcher.parse("Self"));
    }

    @Test
    void allowedMembersMatchSelfOtherUuidsAndRegexes() {
        MemberMatcher m = MemberMatcher.parse("Self, 1111-AAAA, /web-.*/");
        assertTrue(m.matches("me", "x", "me"));
        assertTrue(m.matches("1111-aaaa", "y", "me"));
        assertTrue(m.matches("zz", "web-3", "me"));
        assertFalse(m.matches("zz", "db-1", "me"));
        MemberMatcher other = MemberMatcher.parse("Other");
        assertFalse(other.matches("me", "me", "me"));
        assertTrue(other.matches("you", "you", "me"));
        assertTrue(MemberMatcher.parse(" , ").isEmpty());
    }
}

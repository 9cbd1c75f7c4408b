package org.windlass.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectExistsException;
import org.windlass.api.project.ProjectNotFoundException;

/** The project storage contract, run against each database Windlass supports. */
abstract class ProjectServiceContract {

    protected abstract DataSource freshDatabase() throws Exception;

    protected abstract DataSource sameDatabase() throws Exception;

    private EntityManagerFactory emf;
    private String vendor;
    private JpaProjectService projects;

    @BeforeEach
    void setUp() throws Exception {
        DataSource ds = freshDatabase();
        vendor = SchemaMigrator.vendor(ds);
        SchemaMigrator.migrate(ds);
        emf = emf(ds);
        projects = new JpaProjectService(emf, new SchemaReady("1"));
    }

    static EntityManagerFactory emf(DataSource ds) {
        Map<String, Object> props = new HashMap<>();
        props.put("javax.persistence.nonJtaDataSource", ds);
        return Persistence.createEntityManagerFactory("windlass", props);
    }

    @AfterEach
    void tearDown() {
        if (emf != null) {
            emf.close();
        }
    }

    @Test
    void keyRecordsAreStoredListedRewrittenAndDeleted() {
        JpaKeyRecordRepository keys = new JpaKeyRecordRepository(emf, new SchemaReady("2"));
        java.time.Instant t = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
        byte[] blob = new byte[200_000];
        new java.util.Random(7).nextBytes(blob);
        keys.insert(new org.windlass.api.storage.KeyRecord("keys/a_b/x", org.windlass.api.storage.KeyType.PRIVATE, blob, "k1", 5, t, t));
        keys.insert(new org.windlass.api.storage.KeyRecord("keys/aXb/y", org.windlass.api.storage.KeyType.PASSWORD, new byte[] {1}, "k1", 1, t, t));
        assertThrows(org.windlass.api.storage.KeyExistsException.class, () -> keys.insert(
                new org.windlass.api.storage.KeyRecord("keys/a_b/x", org.windlass.api.storage.KeyType.PUBLIC, new byte[] {2}, "k1", 1, t, t)));
        org.junit.jupiter.api.Assertions.assertArrayEquals(blob, keys.find("keys/a_b/x").orElseThrow().ciphertext());
        assertEquals(List.of("keys/a_b/x"), keys.listBelow("keys/a_b").stream().map(org.windlass.api.storage.KeyRecord::path).toList(),
                "'_' in a path is not a wildcard");
        org.windlass.api.storage.KeyRecord listed = keys.listBelow("keys/a_b").get(0);
        assertEquals(org.windlass.api.storage.KeyType.PRIVATE, listed.type());
        assertEquals(5, listed.size());
        assertEquals(t, listed.created());
        assertEquals(null, listed.ciphertext(), "a listing carries no ciphertext");
        assertEquals(2, keys.rewriteAll(r -> new org.windlass.api.storage.KeyRecord(r.path(), r.type(), new byte[] {9}, "k2", r.size(), r.created(), r.modified())));
        assertEquals("k2", keys.find("keys/aXb/y").orElseThrow().masterKeyId());
        assertTrue(keys.delete("keys/aXb/y"));
        assertFalse(keys.delete("keys/aXb/y"));
        assertThrows(IllegalStateException.class, () -> keys.rewriteAll(r -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals("k2", keys.find("keys/a_b/x").orElseThrow().masterKeyId());
    }

    @Test
    void apiTokensAreFoundByHashAndListedPerUser() {
        JpaTokenRepository tokens = new JpaTokenRepository(emf, new SchemaReady("3"));
        java.time.Instant t = java.time.Instant.ofEpochMilli(1_700_000_000_000L);
        tokens.insert(new org.windlass.api.security.StoredToken("id-1", "a".repeat(64), "alice", "admin", "ci", List.of("user", "ops"), t.plusSeconds(60), t));
        tokens.insert(new org.windlass.api.security.StoredToken("id-2", "b".repeat(64), "bob", "bob", null, List.of("user"), null, t.plusSeconds(1)));
        assertEquals("alice", tokens.findByHash("a".repeat(64)).orElseThrow().user());
        assertEquals(List.of("user", "ops"), tokens.findById("id-1").orElseThrow().roles());
        assertEquals(null, tokens.findById("id-2").orElseThrow().expiration());
        assertEquals(List.of("id-1", "id-2"), tokens.list(null).stream().map(org.windlass.api.security.StoredToken::id).toList());
        assertEquals(List.of("id-2"), tokens.list("bob").stream().map(org.windlass.api.security.StoredToken::id).toList());
        assertThrows(RuntimeException.class, () -> tokens.insert(
                new org.windlass.api.security.StoredToken("id-3", "a".repeat(64), "eve", "eve", null, List.of(), null, t)), "hashes are unique");
        assertTrue(tokens.delete("id-1"));
        assertTrue(tokens.findByHash("a".repeat(64)).isEmpty());
    }

    @Test
    void createListGetAndDelete() {
        Project p = projects.create("ops-1", Map.of("project.label", "Ops", "project.description", "the ops jobs", "resources.source.1.type", "file"));
        assertEquals("Ops", p.label());
        assertEquals("the ops jobs", p.description());
        projects.create("alpha", Map.of());
        assertEquals(List.of("alpha", "ops-1"), projects.list().stream().map(Project::name).toList());
        assertEquals("file", projects.get("ops-1").orElseThrow().properties().get("resources.source.1.type"));
        projects.delete("ops-1");
        assertTrue(projects.get("ops-1").isEmpty());
        assertThrows(ProjectNotFoundException.class, () -> projects.delete("ops-1"));
    }

    @Test
    void badInputChangesNothing() {
        projects.create("keep", Map.of("a", "1"));
        for (String bad : new String[] {"", "has space", "../etc", "semi;colon", ".dot-first"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> projects.create(bad, Map.of()));
            assertTrue(e.getMessage().contains("project name"), e.getMessage());
        }
        assertThrows(ProjectExistsException.class, () -> projects.create("keep", Map.of("a", "2")));
        assertThrows(IllegalArgumentException.class, () -> projects.setProperty("keep", "bad key", "x"));
        assertThrows(IllegalArgumentException.class, () -> projects.replaceProperties("keep", Map.of("ok", "1", "", "x")));
        assertThrows(IllegalArgumentException.class, () -> projects.writeFile("keep", "../../etc/passwd", "x"));
        assertEquals(Map.of("a", "1"), projects.get("keep").orElseThrow().properties());
        assertEquals(1, projects.list().size());
    }

    @Test
    void propertiesAreSetReplacedAndRemoved() {
        projects.create("p", Map.of("a", "1"));
        projects.setProperty("p", "b", "two words = ok");
        assertEquals(Map.of("a", "1", "b", "two words = ok"), projects.get("p").orElseThrow().properties());
        projects.removeProperty("p", "a");
        projects.removeProperty("p", "absent");
        assertEquals(Map.of("b", "two words = ok"), projects.get("p").orElseThrow().properties());
        projects.replaceProperties("p", Map.of("c", "3"));
        assertEquals(Map.of("c", "3"), projects.get("p").orElseThrow().properties());
        assertThrows(ProjectNotFoundException.class, () -> projects.setProperty("nope", "a", "b"));
    }

    @Test
    void projectFiles() {
        projects.create("p", Map.of());
        assertTrue(projects.readFile("p", "readme.md").isEmpty());
        projects.writeFile("p", "readme.md", "# Hello\nünïcode");
        projects.writeFile("p", "readme.md", "# Hello again\nünïcode");
        assertEquals("# Hello again\nünïcode", projects.readFile("p", "readme.md").orElseThrow());
        assertTrue(projects.deleteFile("p", "readme.md"));
        assertFalse(projects.deleteFile("p", "readme.md"));
        projects.writeFile("p", "motd.md", "down at 5");
        projects.delete("p");
        projects.create("p", Map.of());
        assertTrue(projects.readFile("p", "motd.md").isEmpty(), "files go with their project");
    }

    @Test
    void concurrentChangesToOneProjectAreAllKept() throws Exception {
        projects.create("busy", Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(pool.submit(() -> projects.setProperty("busy", "k" + n, "v" + n)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(20, projects.get("busy").orElseThrow().properties().size());
    }

    @Test
    void aSecondMemberSeesChangesAtOnce() throws Exception {
        DataSource other = sameDatabase();
        EntityManagerFactory otherEmf = emf(other);
        try {
            JpaProjectService memberB = new JpaProjectService(otherEmf, new SchemaReady("1"));
            projects.create("shared", Map.of("x", "1"));
            assertEquals("1", memberB.get("shared").orElseThrow().properties().get("x"));
            memberB.setProperty("shared", "x", "2");
            assertEquals("2", projects.get("shared").orElseThrow().properties().get("x"));
        } finally {
            otherEmf.close();
        }
    }

    /** Whether several members can share this database (the embedded H2 file belongs to one member). */
    protected boolean shared() {
        return true;
    }

    @Test
    void membersMigratingTogetherAllSucceed() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(shared(), "an embedded H2 database has one member");
        DataSource fresh = freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> members = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                members.add(() -> SchemaMigrator.migrate(fresh).migrationsExecuted);
            }
            int applied = 0;
            for (Future<Integer> f : pool.invokeAll(members)) {
                applied += f.get();
            }
            int available = new java.io.File("src/main/resources/db/migration/h2").list().length;
            assertEquals(available, applied, "every migration is applied once, by one member or another");
            try (java.sql.Connection c = fresh.getConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version) FROM " + SchemaMigrator.HISTORY_TABLE + " WHERE success = TRUE")) {
                rs.next();
                assertEquals(available, rs.getInt(1));
                assertEquals(available, rs.getInt(2));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jobsAreSavedFoundByNameReplacedAndDeleted() {
        JpaJobRepository jobs = new JpaJobRepository(emf, new SchemaReady("4"));
        String big = "x".repeat(300_000);
        org.windlass.api.job.StoredJob a = new org.windlass.api.job.StoredJob("u-1", "p", null, "a", big, "0 0 * * * ? *", true, true, null, null);
        jobs.save(a);
        jobs.save(new org.windlass.api.job.StoredJob("u-2", "p", "ops/db", "b", "{}", null, false, true, null, null));
        assertEquals(big, jobs.find("u-1").orElseThrow().definition());
        assertEquals("u-1", jobs.findByName("p", null, "a").orElseThrow().uuid());
        assertEquals("u-2", jobs.findByName("p", "ops/db", "b").orElseThrow().uuid());
        assertTrue(jobs.findByName("p", "ops", "b").isEmpty());
        assertEquals(List.of("u-1", "u-2"), jobs.list("p").stream().map(org.windlass.api.job.StoredJob::uuid).toList());
        java.time.Instant created = jobs.find("u-1").orElseThrow().created();
        org.windlass.api.job.StoredJob replaced = jobs.save(new org.windlass.api.job.StoredJob("u-1", "p", null, "a2", "{}", null, false, false, null, null));
        assertEquals("a2", replaced.name());
        assertEquals(created, replaced.created(), "a replaced job keeps its creation time");
        assertThrows(RuntimeException.class, () -> jobs.save(new org.windlass.api.job.StoredJob("u-3", "p", "ops/db", "b", "{}", null, false, true, null, null)),
                "two jobs of one project cannot share group and name");
        assertTrue(jobs.delete("u-2"));
        assertFalse(jobs.delete("u-2"));
        projects.create("doomed", Map.of());
        jobs.save(new org.windlass.api.job.StoredJob("u-9", "doomed", null, "x", "{}", null, false, true, null, null));
        projects.delete("doomed");
        assertTrue(jobs.find("u-9").isEmpty(), "deleting a project deletes its jobs");
    }

    @Test
    void executionsAreCreatedLimitedQueriedFinishedAndMarkedIncomplete() {
        JpaJobRepository jobs = new JpaJobRepository(emf, new SchemaReady("4"));
        jobs.save(new org.windlass.api.job.StoredJob("j-1", "p", null, "a", "{}", null, false, true, null, null));
        JpaExecutionRepository executions = new JpaExecutionRepository(emf, new SchemaReady("4"));
        org.windlass.api.execution.NewExecution run = new org.windlass.api.execution.NewExecution("p", "j-1", "a", null, "desc",
                org.windlass.api.ExecutionState.RUNNING, "admin", "-x 1", org.windlass.api.LogLevel.NORMAL, "name: web1", "m-1", 0, null, 1);
        org.windlass.api.Execution first = executions.create(run);
        assertTrue(first.id() > 0);
        assertEquals(org.windlass.api.ExecutionState.RUNNING, first.state());
        assertTrue(first.started() != null);
        assertThrows(org.windlass.api.execution.ExecutionConflictException.class, () -> executions.create(run),
                "a job without multiple executions cannot start twice");
        org.windlass.api.Execution adhoc = executions.create(new org.windlass.api.execution.NewExecution("p", null, null, null, "echo hi",
                org.windlass.api.ExecutionState.RUNNING, "bob", null, null, null, "m-2", 0, null, null));
        assertTrue(adhoc.id() > first.id());
        org.windlass.api.Execution done = executions.finish(first.id(), org.windlass.api.ExecutionState.FAILED, List.of("a", "b"), List.of("c"), "step 1 failed on c", null, "{}");
        assertEquals(org.windlass.api.ExecutionState.FAILED, done.state());
        assertEquals(List.of("a", "b"), done.succeededNodes());
        assertEquals(List.of("c"), done.failedNodes());
        assertEquals(org.windlass.api.ExecutionState.FAILED, executions.finish(first.id(), org.windlass.api.ExecutionState.SUCCEEDED, List.of(), List.of(), null, null, null).state(),
                "a finished execution does not finish again");
        executions.create(run);
        executions.saveWorkflowState(adhoc.id(), "{\"steps\":[]}");
        assertEquals("{\"steps\":[]}", executions.workflowState(adhoc.id()).orElseThrow());

        org.windlass.api.execution.ExecutionQuery.Page all = executions.query(new org.windlass.api.execution.ExecutionQuery("p", null, null, null, null, null, null, 0, 2));
        assertEquals(3, all.total());
        assertEquals(2, all.executions().size());
        assertTrue(all.executions().get(0).id() > all.executions().get(1).id(), "newest first");
        assertEquals(1, executions.query(new org.windlass.api.execution.ExecutionQuery("*", null, null, true, null, null, null, 0, 0)).total());
        assertEquals(1, executions.query(new org.windlass.api.execution.ExecutionQuery(null, List.of("j-1"), List.of(org.windlass.api.ExecutionState.FAILED), null, null, null, null, 0, 0)).total());
        assertEquals(0, executions.query(new org.windlass.api.execution.ExecutionQuery("other", null, null, null, null, null, null, 0, 0)).total());

        assertEquals(List.of(adhoc.id()), executions.markIncomplete("m-2", "member restarted"));
        org.windlass.api.Execution incomplete = executions.find(adhoc.id()).orElseThrow();
        assertEquals(org.windlass.api.ExecutionState.INCOMPLETE, incomplete.state());
        assertEquals("member restarted", incomplete.reason());
        assertTrue(executions.delete(adhoc.id()));
        assertTrue(executions.find(adhoc.id()).isEmpty());
    }

    @Test
    void schedulesAreOwnedAndEachTickIsClaimedOnceAndGoWithTheirJob() throws Exception {
        JpaJobRepository jobs = new JpaJobRepository(emf, new SchemaReady("5"));
        JpaScheduleRepository schedules = new JpaScheduleRepository(emf, new SchemaReady("5"));
        jobs.save(new org.windlass.api.job.StoredJob("s-1", "p", null, "every-second", "{}", "* * * * * ? *", true, true, null, null));
        jobs.save(new org.windlass.api.job.StoredJob("s-2", "p", null, "other", "{}", "0 0 * * * ? *", true, true, null, null));
        java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_800_000_000_000L);
        schedules.own("s-1", "m-1", "alice", t0);
        schedules.own("s-2", "m-2", "bob", t0);
        assertEquals(List.of("s-1"), schedules.owned("m-1").stream().map(org.windlass.api.job.ScheduleRepository.Row::jobUuid).toList());
        assertEquals("alice", schedules.find("s-1").orElseThrow().runAs());
        org.windlass.api.job.ScheduleRepository.Fingerprint before = schedules.fingerprint("m-1");
        assertEquals(1, before.count());

        // twenty threads race for the same tick: exactly one wins
        java.time.Instant t1 = t0.plusSeconds(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Boolean>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                claims.add(pool.submit(() -> schedules.claim("s-1", "m-1", t0, t1)));
            }
            int won = 0;
            for (java.util.concurrent.Future<Boolean> f : claims) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(t1, schedules.find("s-1").orElseThrow().lastTick());
        assertEquals(before, schedules.fingerprint("m-1"), "claims do not change the fingerprint");
        assertFalse(schedules.claim("s-1", "m-2", t1, t1.plusSeconds(1)), "only the owner claims");
        // saving the job elsewhere moves the schedule: the old owner's claims fail from then on
        schedules.own("s-1", "m-2", "carol", t1.plusSeconds(5));
        assertFalse(schedules.claim("s-1", "m-1", t1, t1.plusSeconds(1)));
        assertTrue(schedules.claim("s-1", "m-2", t1.plusSeconds(5), t1.plusSeconds(6)));
        assertTrue(schedules.owned("m-1").isEmpty());
        assertEquals(new org.windlass.api.job.ScheduleRepository.Fingerprint(0, null), schedules.fingerprint("m-1"));

        // deleting the job deletes its schedule
        assertTrue(jobs.delete("s-1"));
        assertTrue(schedules.find("s-1").isEmpty());
        assertEquals(1, schedules.all().size());

        // a missed tick and a run for later keep the time they were due; only the later one is "scheduled"
        JpaExecutionRepository executions = new JpaExecutionRepository(emf, new SchemaReady("5"));
        org.windlass.api.Execution missed = executions.create(new org.windlass.api.execution.NewExecution("p", "s-2", "other", null, "d",
                org.windlass.api.ExecutionState.MISSED, "bob", null, null, null, "m-2", 0, null, null, org.windlass.api.Execution.SCHEDULED, t0));
        assertEquals(t0, missed.started());
        assertEquals(t0, missed.ended());
        assertEquals("scheduled", missed.executionType());
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600);
        org.windlass.api.Execution runLater = executions.create(new org.windlass.api.execution.NewExecution("p", "s-2", "other", null, "d",
                org.windlass.api.ExecutionState.SCHEDULED, "bob", null, null, null, "m-2", 0, null, 1, org.windlass.api.Execution.USER_SCHEDULED, later));
        assertEquals(later.toEpochMilli(), runLater.started().toEpochMilli());
        assertEquals(List.of(runLater.id()), executions.scheduled("m-2").stream().map(org.windlass.api.Execution::id).toList());
        assertTrue(executions.markIncomplete("m-2", "restart").isEmpty(), "a run for later survives a restart");
        assertEquals(org.windlass.api.ExecutionState.RUNNING, executions.start(runLater.id(), "m-2").orElseThrow().state());
        assertTrue(executions.start(runLater.id(), "m-2").isEmpty(), "started once");
        assertTrue(executions.scheduled("m-2").isEmpty());
    }

    @Test
    void membersHeartbeatOnTheDatabaseClockAndADeclaredDeadMemberIsFenced() throws Exception {
        JpaMemberRepository members = new JpaMemberRepository(emf, new SchemaReady("6", vendor));
        org.windlass.api.cluster.MemberRepository.Registration a = new org.windlass.api.cluster.MemberRepository.Registration(
                "m-a", "alpha", "http://a:8181", "1.0", java.util.Set.of("web", "linux"), org.windlass.api.ExecutionMode.ACTIVE, "Any", null);
        org.windlass.api.cluster.MemberRepository.Row first = members.register(a);
        org.windlass.api.cluster.MemberRepository.Row other = members.register(new org.windlass.api.cluster.MemberRepository.Registration(
                "m-b", "beta", "http://b:8181", "1.0", java.util.Set.of(), org.windlass.api.ExecutionMode.PASSIVE, "None", null));
        assertEquals(org.windlass.api.ExecutionMode.PASSIVE, other.mode());
        org.windlass.api.cluster.MemberRepository.Snapshot snap = members.members();
        assertEquals(List.of("alpha", "beta"), snap.rows().stream().map(org.windlass.api.cluster.MemberRepository.Row::name).toList());
        // the database's clock, not a fixed value: within a minute of this machine's (they share it here)
        assertTrue(Math.abs(snap.now().toEpochMilli() - System.currentTimeMillis()) < 60_000, "database now " + snap.now());
        assertEquals(java.util.Set.of("web", "linux"), snap.rows().get(0).tags());

        Thread.sleep(20); // the database clock must move on between the two heartbeats
        org.windlass.api.cluster.MemberLoad load = new org.windlass.api.cluster.MemberLoad(3, 8, 0.5, 100, 1000);
        org.windlass.api.cluster.MemberRepository.Row beat = members.heartbeat("m-a", first.incarnation(), load).orElseThrow();
        assertTrue(beat.lastHeartbeat().isAfter(first.lastHeartbeat()), beat.lastHeartbeat() + " after " + first.lastHeartbeat());
        assertEquals(load, beat.load());
        assertTrue(members.heartbeat("m-a", first.incarnation() - 1, load).isEmpty(), "an older incarnation is fenced");

        // declared dead only against the heartbeat the caller judged by
        assertFalse(members.declareDead("m-a", first.lastHeartbeat(), "late"), "it heartbeated since");
        assertTrue(members.declareDead("m-a", beat.lastHeartbeat(), "no heartbeat for 7 s"));
        assertFalse(members.declareDead("m-a", beat.lastHeartbeat(), "again"), "once");
        assertTrue(members.heartbeat("m-a", first.incarnation(), load).isEmpty(), "a member declared dead is fenced");
        org.windlass.api.cluster.MemberRepository.Row dead = members.members().rows().get(0);
        assertEquals("no heartbeat for 7 s", dead.deadReason());
        assertTrue(dead.deadAt() != null);
        // it registers again: a new incarnation that heartbeats, and the mode set meanwhile is kept
        assertTrue(members.setMode("m-a", org.windlass.api.ExecutionMode.PASSIVE));
        assertFalse(members.setMode("m-none", org.windlass.api.ExecutionMode.PASSIVE));
        org.windlass.api.cluster.MemberRepository.Row again = members.register(a);
        assertTrue(again.incarnation() > first.incarnation());
        assertEquals(null, again.deadAt());
        assertEquals(org.windlass.api.ExecutionMode.PASSIVE, again.mode());
        assertTrue(members.heartbeat("m-a", again.incarnation(), load).isPresent());
        assertFalse(members.remove("m-b"), "a live member is not forgotten");
        assertTrue(members.declareDead("m-b", other.lastHeartbeat(), "gone"));
        assertTrue(members.remove("m-b"));
        assertEquals(1, members.members().rows().size());
    }

    @Test
    void aTakeoverMovesSchedulesInOneStepSpreadOverTheTargets() throws Exception {
        JpaJobRepository jobs = new JpaJobRepository(emf, new SchemaReady("6"));
        JpaScheduleRepository schedules = new JpaScheduleRepository(emf, new SchemaReady("6"));
        java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_800_000_000_000L);
        for (int i = 0; i < 6; i++) {
            jobs.save(new org.windlass.api.job.StoredJob("j-" + i, i < 4 ? "p" : "q", null, "job" + i, "{}", "* * * * * ? *", true, true, null, null));
            schedules.own("j-" + i, i < 5 ? "dead" : "alive", "alice", t0.plusSeconds(i));
        }
        org.windlass.api.job.ScheduleRepository.Fingerprint before = schedules.fingerprint("dead");
        List<org.windlass.api.job.ScheduleRepository.Move> moved = schedules.takeOver(java.util.Set.of("dead"), "p", java.util.Set.of(), List.of("m1", "m2"));
        assertEquals(4, moved.size(), "only project p's jobs");
        assertEquals(2, schedules.owned("m1").size());
        assertEquals(2, schedules.owned("m2").size());
        assertTrue(moved.stream().allMatch(m -> m.previousOwner().equals("dead")));
        assertEquals(t0.plusSeconds(1), schedules.find("j-1").orElseThrow().lastTick(), "the last tick stays");
        assertFalse(before.equals(schedules.fingerprint("dead")));
        assertFalse(schedules.claim("j-0", "dead", t0, t0.plusSeconds(1)), "the old owner's claims fail");
        // single jobs; then all remaining schedules of every other member
        assertEquals(List.of("j-4"), schedules.takeOver(java.util.Set.of("dead"), null, java.util.Set.of("j-4", "j-0"), List.of("m3"))
                .stream().map(org.windlass.api.job.ScheduleRepository.Move::jobUuid).toList());
        List<org.windlass.api.job.ScheduleRepository.Move> all = schedules.takeOver(java.util.Set.of(), null, java.util.Set.of(), List.of("m1"));
        assertEquals(4, all.size(), "everything not already m1's");
        assertEquals(6, schedules.owned("m1").size());
        assertThrows(IllegalArgumentException.class, () -> schedules.takeOver(java.util.Set.of(), null, java.util.Set.of(), List.of()));

        // an abort asked through another member, and a run handed over by another member
        JpaExecutionRepository executions = new JpaExecutionRepository(emf, new SchemaReady("6"));
        org.windlass.api.Execution running = executions.create(new org.windlass.api.execution.NewExecution("p", "j-0", "job0", null, "d",
                org.windlass.api.ExecutionState.RUNNING, "bob", null, null, null, "m2", 0, null, null));
        assertTrue(executions.abortRequests("m2").isEmpty());
        assertTrue(executions.requestAbort(running.id(), "carol"));
        assertEquals(List.of(new org.windlass.api.execution.ExecutionRepository.AbortRequest(running.id(), "carol")), executions.abortRequests("m2"));
        executions.finish(running.id(), org.windlass.api.ExecutionState.ABORTED, List.of(), List.of(), "aborted", "carol", null);
        assertTrue(executions.abortRequests("m2").isEmpty());
        assertFalse(executions.requestAbort(running.id(), "carol"), "it has ended");
        org.windlass.api.Execution handed = executions.create(new org.windlass.api.execution.NewExecution("p", "j-1", "job1", null, "d",
                org.windlass.api.ExecutionState.QUEUED, "bob", "-x 1", null, null, "m3", 0, null, null, org.windlass.api.Execution.USER, null, "m1"));
        assertEquals(List.of(handed.id()), executions.forwarded("m3").stream().map(org.windlass.api.Execution::id).toList());
        assertTrue(executions.forwarded("m1").isEmpty());
        executions.start(handed.id(), "m3");
        assertTrue(executions.forwarded("m3").isEmpty());
    }

    @Test
    void aclPoliciesAreStoredPerScopeAndEveryChangeMovesTheVersion() throws Exception {
        JpaAclRepository acls = new JpaAclRepository(emf, new SchemaReady("7"));
        long v0 = acls.version();
        org.windlass.api.security.AclRepository.StoredAcl admin = new org.windlass.api.security.AclRepository.StoredAcl(null, "admin.aclpolicy", "a: 1", null);
        assertTrue(acls.seed(List.of(admin)));
        assertFalse(acls.seed(List.of(admin)), "seeded once in the database's life");
        assertTrue(acls.version() > v0);
        acls.delete(null, "admin.aclpolicy");
        assertFalse(acls.seed(List.of(admin)), "a deleted default is not put back");
        assertTrue(acls.get(null, "admin.aclpolicy").isEmpty());

        projects.create("p1", Map.of());
        long v1 = acls.version();
        acls.put(null, "ops.aclpolicy", "system: text");
        acls.put("p1", "ops.aclpolicy", "project: text");
        assertTrue(acls.version() > v1);
        assertEquals("system: text", acls.get(null, "ops.aclpolicy").orElseThrow().content());
        assertEquals("project: text", acls.get("p1", "ops.aclpolicy").orElseThrow().content());
        assertEquals(List.of("ops.aclpolicy"), acls.list("p1").stream().map(org.windlass.api.security.AclRepository.StoredAcl::name).toList());
        assertEquals(2, acls.all().size());
        String big = "x".repeat(200_000);
        acls.put(null, "ops.aclpolicy", big);
        assertEquals(big, acls.get(null, "ops.aclpolicy").orElseThrow().content());
        long v2 = acls.version();
        assertFalse(acls.delete("p1", "none.aclpolicy"));
        assertEquals(v2, acls.version(), "nothing deleted, nothing moved");
        // a deleted project takes its own policies with it
        projects.delete("p1");
        assertTrue(acls.list("p1").isEmpty());
        assertTrue(acls.version() > v2);
        assertEquals(1, acls.all().size());
    }

    @Test
    void usersAndGroupsAreSharedWithTheirMemberships() throws Exception {
        JpaUserRepository users = new JpaUserRepository(emf, new SchemaReady("8"));
        org.windlass.api.security.UserRepository.StoredUser carol = new org.windlass.api.security.UserRepository.StoredUser(
                "carol", "BCRYPT:$2a$10$x", "c@example.com", "Carol", null, true, java.util.Set.of("ops", "admin"), null);
        assertTrue(users.create(carol));
        assertFalse(users.create(carol), "exists");
        org.windlass.api.security.UserRepository.StoredUser read = users.find("carol").orElseThrow();
        assertEquals(java.util.Set.of("ops", "admin"), read.groups());
        assertEquals("BCRYPT:$2a$10$x", read.passwordHash());
        assertEquals(List.of("admin", "ops"), users.groups().stream().map(org.windlass.api.security.UserRepository.StoredGroup::name).toList(),
                "groups a user names are created");
        assertTrue(users.createGroup("night", "night shift"));
        assertFalse(users.createGroup("night", "again"));
        assertTrue(users.update(new org.windlass.api.security.UserRepository.StoredUser("carol", "BCRYPT:$2a$10$y", null, null, null, false,
                java.util.Set.of("night"), null)));
        assertFalse(users.update(new org.windlass.api.security.UserRepository.StoredUser("nobody", "h", null, null, null, true, null, null)));
        read = users.find("carol").orElseThrow();
        assertEquals(java.util.Set.of("night"), read.groups());
        assertFalse(read.enabled());
        assertEquals(1, users.groups().stream().filter(g -> g.name().equals("night")).findFirst().orElseThrow().members());
        assertTrue(users.deleteGroup("night"));
        assertTrue(users.find("carol").orElseThrow().groups().isEmpty(), "a deleted group leaves its members");
        assertEquals(1, users.list().size());
        assertTrue(users.delete("carol"));
        assertFalse(users.delete("carol"));
        assertTrue(users.list().isEmpty());
    }
}

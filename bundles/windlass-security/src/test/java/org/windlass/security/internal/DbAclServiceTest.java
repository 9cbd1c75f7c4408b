package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.security.AccessDeniedException;
import org.windlass.api.security.AclRepository;
import org.windlass.api.security.AclService;
import org.windlass.api.security.AuthenticatedUser;

/** The shipped default, decisions, validation and a change made through another member. */
class DbAclServiceTest {

    /** One database shared by the members of the test. */
    static final class Table implements AclRepository {
        final Map<String, StoredAcl> rows = new ConcurrentHashMap<>();
        final AtomicLong version = new AtomicLong();
        boolean seeded;

        private static String key(String project, String name) {
            return (project == null ? "" : project) + "/" + name;
        }

        @Override
        public List<StoredAcl> list(String project) {
            return rows.values().stream().filter(a -> java.util.Objects.equals(a.project(), project)).toList();
        }

        @Override
        public List<StoredAcl> all() {
            return new ArrayList<>(rows.values());
        }

        @Override
        public Optional<StoredAcl> get(String project, String name) {
            return Optional.ofNullable(rows.get(key(project, name)));
        }

        @Override
        public synchronized StoredAcl put(String project, String name, String content) {
            StoredAcl a = new StoredAcl(project, name, content, Instant.now());
            rows.put(key(project, name), a);
            version.incrementAndGet();
            return a;
        }

        @Override
        public synchronized boolean delete(String project, String name) {
            boolean removed = rows.remove(key(project, name)) != null;
            if (removed) {
                version.incrementAndGet();
            }
            return removed;
        }

        @Override
        public long version() {
            return version.get();
        }

        @Override
        public synchronized boolean seed(List<StoredAcl> defaults) {
            if (seeded) {
                return false;
            }
            defaults.forEach(d -> rows.put(key(d.project(), d.name()), d));
            seeded = true;
            version.incrementAndGet();
            return true;
        }
    }

    private final Table table = new Table();

    private static ProjectService projects(Set<String> names) {
        return (ProjectService) Proxy.newProxyInstance(DbAclServiceTest.class.getClassLoader(), new Class<?>[] {ProjectService.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("get")) {
                        String n = (String) args[0];
                        return names.contains(n) ? Optional.of(new Project(n, null, null, Map.of())) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private static final AuthenticatedUser ADMIN = new AuthenticatedUser("root", Set.of("admin"), "token");
    private static final AuthenticatedUser BOB = new AuthenticatedUser("bob", Set.of("ops"), "token");

    @Test
    void theShippedPolicyLetsTheAdminGroupDoEverythingAndNobodyElseAnything() {
        DbAclService acl = new DbAclService(table, projects(Set.of("p")));
        assertTrue(acl.decide(ADMIN, null, "resource", Map.of("kind", "system"), "admin").allowed());
        assertTrue(acl.decide(ADMIN, "p", "job", Map.of("name", "x", "group", ""), "run").allowed());
        assertTrue(acl.decide(ADMIN, null, "storage", Map.of("path", "keys/a"), "delete").allowed());
        AclService.Decision bob = acl.decide(BOB, "p", "job", Map.of("name", "x"), "run");
        assertFalse(bob.allowed());
        assertTrue(bob.explanation().contains("no rule allows 'run'"), bob.explanation());
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> acl.require(BOB, "p", "job", Map.of("name", "x"), "run"));
        assertTrue(e.getMessage().startsWith("user 'bob' may not run job {name=x} in project p: "), e.getMessage());
        assertEquals(List.of("admin.aclpolicy"), acl.list(null));
        assertTrue(new DbAclService(table, projects(Set.of())).decide(ADMIN, null, "project", Map.of("name", "p"), "read").allowed());
        assertEquals(1, table.rows.size(), "seeded once");
    }

    @Test
    void aChangeThroughAnotherMemberAppliesHereWithinSecondsAndBadPoliciesAreRefused() {
        DbAclService here = new DbAclService(table, projects(Set.of("p")));
        DbAclService there = new DbAclService(table, projects(Set.of("p")));
        assertFalse(here.decide(BOB, "p", "job", Map.of("name", "deploy", "group", "ops"), "run").allowed());
        assertTrue(there.put("p", "ops.aclpolicy", String.join("\n",
                "description: ops run ops jobs", "for:", "  job:", "    - equals: {group: ops}", "      allow: run", "by:", "  group: ops", "")));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                here.decide(BOB, "p", "job", Map.of("name", "deploy", "group", "ops"), "run").allowed());
        assertFalse(here.decide(BOB, "p", "job", Map.of("name", "deploy", "group", "finance"), "run").allowed());
        assertFalse(here.decide(BOB, "q", "job", Map.of("name", "deploy", "group", "ops"), "run").allowed(), "project p's policy only");
        // a system deny wins over the project's allow
        there.put(null, "freeze.aclpolicy", String.join("\n", "description: freeze", "context:", "  project: '.*'", "for:", "  job:",
                "    - deny: run", "by:", "  username: bob", ""));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                !here.decide(BOB, "p", "job", Map.of("name", "deploy", "group", "ops"), "run").allowed());
        assertTrue(here.decide(BOB, "p", "job", Map.of("name", "deploy", "group", "ops"), "run").explanation().startsWith("denied by freeze.aclpolicy"));

        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> here.put(null, "t.aclpolicy", String.join("\n",
                "description: t", "context:", "  application: rundeck", "for:", "  storage:", "    - alow: read", "by:", "  group: ops", "")));
        assertTrue(typo.getMessage().contains("line 6") && typo.getMessage().contains("'alow'"), typo.getMessage());
        assertThrows(IllegalArgumentException.class, () -> here.put(null, "../x.aclpolicy", "description: x"));
        assertThrows(IllegalArgumentException.class, () -> here.put(null, "empty.aclpolicy", "  \n"));
        assertThrows(ProjectNotFoundException.class, () -> here.put("nope", "a.aclpolicy", "description: x"));
        assertTrue(table.get(null, "t.aclpolicy").isEmpty(), "nothing stored");
        assertTrue(here.delete(null, "freeze.aclpolicy"));
        assertFalse(here.delete(null, "freeze.aclpolicy"));
    }
}

package org.windlass.security.internal.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.windlass.security.internal.acl.Decision.Result;

class AclEvaluatorTest {

    private final AclEvaluator evaluator = new AclEvaluator();

    private static Subject user(String name, String... groups) {
        return new Subject(name, Set.of(groups));
    }

    private static final Environment OPS = Environment.project("ops");
    private static final Environment APP = Environment.application();

    private static void assertDecision(Result result, String explanation, Decision decision) {
        assertEquals(new Decision(result, explanation), decision);
        assertEquals(result == Result.ALLOWED, decision.allowed());
    }

    @Test
    void rundecksAdminPolicyGrantsAdminsProjectAndApplicationAccess() {
        List<AclPolicy> admin = AclPolicyParser.parse("admin.aclpolicy", AclPolicyParserTest.ADMIN);
        Subject root = user("root", "admin", "user");

        assertDecision(Result.ALLOWED, "allowed by admin.aclpolicy document 1 rule at line 18",
                evaluator.evaluate(admin, root, Environment.project("anything"), "job",
                        Map.of("name", "deploy", "group", "ops/web"), "run"));
        assertTrue(evaluator.evaluate(admin, root, OPS, "node", Map.of("nodename", "web1"), "read").allowed());
        assertTrue(evaluator.evaluate(admin, root, OPS, "adhoc", Map.of(), "killAs").allowed());
        assertDecision(Result.ALLOWED, "allowed by admin.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(admin, root, OPS, "resource", Map.of("kind", "job"), "create"));
        assertDecision(Result.REJECTED, "no rule allows 'delete' on resource for user root",
                evaluator.evaluate(admin, root, OPS, "resource", Map.of("kind", "event"), "delete"));

        assertDecision(Result.ALLOWED, "allowed by admin.aclpolicy document 2 rule at line 38",
                evaluator.evaluate(admin, root, APP, "project", Map.of("name", "ops"), "configure"));
        assertTrue(evaluator.evaluate(admin, root, APP, "resource", Map.of("kind", "project"), "create").allowed());
        assertTrue(evaluator.evaluate(admin, root, APP, "storage", Map.of("path", "keys/db"), "read").allowed());
        // the project document does not apply at application level, nor the application one inside a project
        assertDecision(Result.REJECTED, "no rule allows 'run' on job for user root",
                evaluator.evaluate(admin, root, APP, "job", Map.of("name", "deploy"), "run"));
        assertFalse(evaluator.evaluate(admin, root, OPS, "project", Map.of("name", "ops"), "read").allowed());
        // and nothing applies to a non-admin
        assertDecision(Result.REJECTED, "no rule allows 'run' on job for user alice",
                evaluator.evaluate(admin, user("alice", "user"), OPS, "job", Map.of("name", "deploy"), "run"));
    }

    @Test
    void wildcardAdminPolicyAllowsEveryAction() {
        List<AclPolicy> admin = AclPolicyParser.parse("admin.aclpolicy", """
                description: Admin, all access.
                context:
                  project: '.*'
                for:
                  resource: [{allow: '*'}]
                  adhoc: [{allow: '*'}]
                  job: [{allow: '*'}]
                  node: [{allow: '*'}]
                by:
                  group: admin
                ---
                description: Admin, all access.
                context:
                  application: 'rundeck'
                for:
                  resource: [{allow: '*'}]
                  project: [{allow: '*'}]
                  project_acl: [{allow: '*'}]
                  storage: [{allow: '*'}]
                  apitoken: [{allow: '*'}]
                by:
                  group: admin
                """);
        Subject root = user("root", "admin");
        assertDecision(Result.ALLOWED, "allowed by admin.aclpolicy document 1 rule at line 7",
                evaluator.evaluate(admin, root, OPS, "job", Map.of("name", "x"), "toggle_schedule"));
        assertDecision(Result.ALLOWED, "allowed by admin.aclpolicy document 2 rule at line 19",
                evaluator.evaluate(admin, root, APP, "storage", Map.of("path", "keys/a"), "delete"));
        assertDecision(Result.REJECTED, "no rule allows 'read' on node for user bob",
                evaluator.evaluate(admin, user("bob", "dev"), OPS, "node", Map.of("nodename", "a"), "read"));
    }

    @Test
    void jobRuleByGroupPatternMatchesTheWholeGroupInMatchingProjects() {
        List<AclPolicy> jobs = AclPolicyParser.parse("jobs.aclpolicy", """
                description: ops jobs
                context:
                  project: 'ops|infra'
                for:
                  job:
                    - match:
                        group: 'ops/.*'
                      allow: [read, run]
                by:
                  group: ops
                """);
        Subject alice = user("alice", "ops");
        Map<String, String> deploy = Map.of("name", "deploy", "group", "ops/web");
        assertDecision(Result.ALLOWED, "allowed by jobs.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(jobs, alice, OPS, "job", deploy, "run"));
        assertTrue(evaluator.evaluate(jobs, alice, Environment.project("infra"), "job", deploy, "read").allowed());
        assertDecision(Result.REJECTED, "no rule allows 'delete' on job for user alice",
                evaluator.evaluate(jobs, alice, OPS, "job", deploy, "delete"));
        assertFalse(evaluator.evaluate(jobs, alice, OPS, "job", Map.of("name", "d", "group", "xops/web"), "run")
                .allowed());
        assertFalse(evaluator.evaluate(jobs, alice, OPS, "job", Map.of("name", "d", "group", "ops"), "run")
                .allowed());
        assertFalse(evaluator.evaluate(jobs, alice, OPS, "job", Map.of("name", "d"), "run").allowed());
        assertFalse(evaluator.evaluate(jobs, alice, Environment.project("ops-staging"), "job", deploy, "run")
                .allowed());
        assertFalse(evaluator.evaluate(jobs, alice, APP, "job", deploy, "run").allowed());
        assertFalse(evaluator.evaluate(jobs, user("bob", "dev"), OPS, "job", deploy, "run").allowed());
    }

    @Test
    void aMatchingDenyWinsOverAnyAllowWhateverTheOrder() {
        List<AclPolicy> dev = AclPolicyParser.parse("dev.aclpolicy", """
                description: no deleting or killing production jobs
                context:
                  project: '.*'
                for:
                  job:
                    - match:
                        group: 'prod/.*'
                      deny: [delete, kill]
                by:
                  group: dev
                ---
                description: developers
                context:
                  project: '.*'
                for:
                  job:
                    - allow: '*'
                    - equals:
                        name: reset
                      allow: run
                      deny: run
                by:
                  group: dev
                """);
        Subject bob = user("bob", "dev");
        assertDecision(Result.DENIED, "denied by dev.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(dev, bob, OPS, "job", Map.of("name", "web", "group", "prod/web"), "delete"));
        assertFalse(evaluator.evaluate(dev, bob, OPS, "job", Map.of("name", "web", "group", "prod/web"), "delete")
                .allowed());
        assertDecision(Result.ALLOWED, "allowed by dev.aclpolicy document 2 rule at line 17",
                evaluator.evaluate(dev, bob, OPS, "job", Map.of("name", "web", "group", "dev/web"), "delete"));
        assertTrue(evaluator.evaluate(dev, bob, OPS, "job", Map.of("name", "web", "group", "prod/web"), "run")
                .allowed());
        assertDecision(Result.DENIED, "denied by dev.aclpolicy document 2 rule at line 18",
                evaluator.evaluate(dev, bob, OPS, "job", Map.of("name", "reset", "group", "dev"), "run"));

        // a deny '*' denies every action, even one another rule names explicitly
        List<AclPolicy> freeze = AclPolicyParser.parse("freeze.aclpolicy", """
                description: freeze
                context: {project: ops}
                for: {job: [{allow: [run]}, {deny: '*'}]}
                by: {username: bob}
                """);
        assertDecision(Result.DENIED, "denied by freeze.aclpolicy document 1 rule at line 3",
                evaluator.evaluate(freeze, bob, OPS, "job", Map.of("name", "x"), "run"));
    }

    @Test
    void notByAppliesToEveryoneTheSectionDoesNotName() {
        List<AclPolicy> policies = AclPolicyParser.parse("only-admins-delete.aclpolicy", """
                description: only admins may delete jobs
                context:
                  project: '.*'
                for:
                  job:
                    - deny: delete
                notBy:
                  group: admin
                ---
                description: everyone may do everything else
                context:
                  project: '.*'
                for:
                  job:
                    - allow: '*'
                by:
                  group: '.*'
                """);
        Map<String, String> job = Map.of("name", "deploy");
        assertDecision(Result.DENIED, "denied by only-admins-delete.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(policies, user("bob", "dev"), OPS, "job", job, "delete"));
        assertDecision(Result.ALLOWED, "allowed by only-admins-delete.aclpolicy document 2 rule at line 15",
                evaluator.evaluate(policies, user("bob", "dev"), OPS, "job", job, "run"));
        assertDecision(Result.ALLOWED, "allowed by only-admins-delete.aclpolicy document 2 rule at line 15",
                evaluator.evaluate(policies, user("root", "admin", "dev"), OPS, "job", job, "delete"));
        // a user without groups is not named by the notBy section either
        assertDecision(Result.DENIED, "denied by only-admins-delete.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(policies, user("nobody"), OPS, "job", job, "delete"));
    }

    @Test
    void containsRequiresAllListedTagsOnTheNode() {
        List<AclPolicy> nodes = AclPolicyParser.parse("nodes.aclpolicy", """
                description: web prod nodes
                context:
                  project: ops
                for:
                  node:
                    - contains:
                        tags: [web, prod]
                      allow: [read, run]
                by:
                  group: ops
                """);
        Subject alice = user("alice", "ops");
        assertDecision(Result.ALLOWED, "allowed by nodes.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(nodes, alice, OPS, "node", Map.of("nodename", "w1", "tags", "web,prod,eu"), "run"));
        assertTrue(evaluator.evaluate(nodes, alice, OPS, "node", Map.of("tags", " prod , web "), "run").allowed());
        assertTrue(evaluator.evaluate(nodes, alice, OPS, "node", Map.of("tags", List.of("prod", "web")), "run")
                .allowed());
        assertFalse(evaluator.evaluate(nodes, alice, OPS, "node", Map.of("tags", "web"), "run").allowed());
        assertFalse(evaluator.evaluate(nodes, alice, OPS, "node", Map.of("tags", Set.of("web", "eu")), "run")
                .allowed());
        assertFalse(evaluator.evaluate(nodes, alice, OPS, "node", Map.of("tags", "webprod"), "run").allowed());
        assertDecision(Result.REJECTED, "no rule allows 'run' on node for user alice",
                evaluator.evaluate(nodes, alice, OPS, "node", Map.of("nodename", "w1"), "run"));
    }

    @Test
    void subsetAllowsOnlyListedValuesAsInRundecksServiceTokenExample() {
        List<AclPolicy> tokens = AclPolicyParser.parse("tokens.aclpolicy", """
                description: Allow "sec_ops" members to generate Service Tokens
                for:
                  resource:
                  - equals:
                      kind: apitoken
                    allow: generate_service_token
                  apitoken:
                  - allow: create
                    match:
                      username: '(mysql|myservice)'
                    subset:
                      roles:
                      - mysql_api_access
                      - myservice_api_access
                context:
                  application: rundeck
                by:
                  group: sec_ops
                """);
        Subject sec = user("sam", "sec_ops");
        assertDecision(Result.ALLOWED, "allowed by tokens.aclpolicy document 1 rule at line 8",
                evaluator.evaluate(tokens, sec, APP, "apitoken",
                        Map.of("username", "mysql", "roles", "mysql_api_access"), "create"));
        assertTrue(evaluator.evaluate(tokens, sec, APP, "apitoken",
                Map.of("username", "myservice", "roles", List.of("myservice_api_access", "mysql_api_access")),
                "create").allowed());
        assertFalse(evaluator.evaluate(tokens, sec, APP, "apitoken",
                Map.of("username", "mysql", "roles", "mysql_api_access,admin"), "create").allowed());
        assertFalse(evaluator.evaluate(tokens, sec, APP, "apitoken",
                Map.of("username", "mysql2", "roles", "mysql_api_access"), "create").allowed());
        // no extra roles at all is within any subset (Rundeck's behaviour)
        assertTrue(evaluator.evaluate(tokens, sec, APP, "apitoken", Map.of("username", "mysql"), "create").allowed());
        assertTrue(evaluator.evaluate(tokens, sec, APP, "resource", Map.of("kind", "apitoken"),
                "generate_service_token").allowed());
        assertFalse(evaluator.evaluate(tokens, sec, APP, "resource", Map.of("kind", "apitoken"),
                "generate_user_token").allowed());
    }

    @Test
    void equalsIsExactAsInRundecksRestartUserExample() {
        List<AclPolicy> restart = AclPolicyParser.parse("restart_user.aclpolicy", """
                description: Limited user access for adm restart action
                context:
                  project: '.*'
                for:
                  job:
                    - equals:
                        group: 'adm'
                        name: 'Restart'
                      allow: [run,view]
                    - equals:
                        group: 'adm'
                        name: 'stop'
                      allow: [run]
                by:
                  group: [restart_user]
                """);
        Subject ru = user("rita", "restart_user");
        assertDecision(Result.ALLOWED, "allowed by restart_user.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(restart, ru, OPS, "job", Map.of("group", "adm", "name", "Restart"), "view"));
        assertDecision(Result.ALLOWED, "allowed by restart_user.aclpolicy document 1 rule at line 10",
                evaluator.evaluate(restart, ru, OPS, "job", Map.of("group", "adm", "name", "stop"), "run"));
        assertFalse(evaluator.evaluate(restart, ru, OPS, "job", Map.of("group", "adm", "name", "stop"), "view")
                .allowed());
        assertFalse(evaluator.evaluate(restart, ru, OPS, "job", Map.of("group", "adm", "name", "restart"), "run")
                .allowed());
        assertFalse(evaluator.evaluate(restart, ru, OPS, "job", Map.of("group", "adm/x", "name", "Restart"), "run")
                .allowed());
        assertFalse(evaluator.evaluate(restart, ru, OPS, "job", Map.of("name", "Restart"), "run").allowed());
    }

    @Test
    void storagePathsMatchWholly() {
        List<AclPolicy> keys = AclPolicyParser.parse("keys.aclpolicy", """
                description: ops keys
                context:
                  application: rundeck
                for:
                  storage:
                    - match:
                        path: 'keys/ops/.*'
                      allow: [read]
                by:
                  group: ops
                """);
        Subject alice = user("alice", "ops");
        assertDecision(Result.ALLOWED, "allowed by keys.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(keys, alice, APP, "storage", Map.of("path", "keys/ops/db.password"), "read"));
        assertFalse(evaluator.evaluate(keys, alice, APP, "storage", Map.of("path", "keys/dev/db"), "read").allowed());
        assertFalse(evaluator.evaluate(keys, alice, APP, "storage", Map.of("path", "keys/ops"), "read").allowed());
        assertFalse(evaluator.evaluate(keys, alice, APP, "storage", Map.of("path", "x/keys/ops/a"), "read").allowed());
        assertFalse(evaluator.evaluate(keys, alice, APP, "storage", Map.of("path", "keys/ops/a"), "delete").allowed());
        assertFalse(evaluator.evaluate(keys, alice, OPS, "storage", Map.of("path", "keys/ops/a"), "read").allowed());
    }

    @Test
    void genericResourceKindIsSeparateFromSpecificResources() {
        List<AclPolicy> create = AclPolicyParser.parse("create.aclpolicy", """
                description: job creators
                context:
                  project: ops
                for:
                  resource:
                    - equals:
                        kind: job
                      allow: [create]
                by:
                  group: creators
                """);
        Subject carl = user("carl", "creators");
        assertDecision(Result.ALLOWED, "allowed by create.aclpolicy document 1 rule at line 6",
                evaluator.evaluate(create, carl, OPS, "resource", Map.of("kind", "job"), "create"));
        assertFalse(evaluator.evaluate(create, carl, OPS, "resource", Map.of("kind", "node"), "create").allowed());
        assertDecision(Result.REJECTED, "no rule allows 'create' on job for user carl",
                evaluator.evaluate(create, carl, OPS, "job", Map.of("kind", "job", "name", "new"), "create"));
    }

    @Test
    void withoutAnyPolicyEverythingIsRejected() {
        assertDecision(Result.REJECTED, "no rule allows 'read' on project for user alice",
                evaluator.evaluate(List.of(), user("alice", "admin"), APP, "project", Map.of("name", "ops"), "read"));
    }

    @Test
    void byMatchesUsernameRegexOrGroupRegexWhollyOrLiterally() {
        List<AclPolicy> policies = AclPolicyParser.parse("people.aclpolicy", """
                description: developers by login name, qa and c++ people by group
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                by:
                  username: 'dev\\d+'
                  group: [qa, 'c++']
                """);
        Map<String, String> job = Map.of("name", "build");
        assertTrue(evaluator.evaluate(policies, user("dev12"), OPS, "job", job, "read").allowed());
        assertFalse(evaluator.evaluate(policies, user("dev"), OPS, "job", job, "read").allowed());
        assertFalse(evaluator.evaluate(policies, user("xdev1"), OPS, "job", job, "read").allowed());
        assertTrue(evaluator.evaluate(policies, user("carol", "qa"), OPS, "job", job, "read").allowed());
        assertFalse(evaluator.evaluate(policies, user("carol", "qa-lead"), OPS, "job", job, "read").allowed());
        // a group that is not a regex of itself still matches by equality, as in Rundeck
        assertTrue(evaluator.evaluate(policies, user("bjarne", "c++"), OPS, "job", job, "read").allowed());
        // a username that looks like a group does not match the group entries
        assertFalse(evaluator.evaluate(policies, user("qa"), OPS, "job", job, "read").allowed());
    }

    @Test
    void urnEntriesMatchUrnPrincipals() {
        List<AclPolicy> policies = AclPolicyParser.parse("urn.aclpolicy", """
                description: project-scoped tokens
                context:
                  project: ops
                for:
                  job:
                    - allow: run
                by:
                  urn: 'project:ops'
                """);
        Subject token = new Subject("webhook", Set.of(), Set.of("project:ops"));
        assertTrue(evaluator.evaluate(policies, token, OPS, "job", Map.of("name", "x"), "run").allowed());
        assertFalse(evaluator.evaluate(policies, user("webhook"), OPS, "job", Map.of("name", "x"), "run").allowed());
    }

    @Test
    void everyRegexOfAMatchListMustMatch() {
        List<AclPolicy> policies = AclPolicyParser.parse("and.aclpolicy", """
                description: production deploy jobs
                context: {project: ops}
                for:
                  job:
                    - match:
                        name: ['.*deploy.*', 'prod-.*']
                      allow: run
                by: {group: ops}
                """);
        Subject alice = user("alice", "ops");
        assertTrue(evaluator.evaluate(policies, alice, OPS, "job", Map.of("name", "prod-deploy-web"), "run")
                .allowed());
        assertFalse(evaluator.evaluate(policies, alice, OPS, "job", Map.of("name", "prod-web"), "run").allowed());
        assertFalse(evaluator.evaluate(policies, alice, OPS, "job", Map.of("name", "dev-deploy"), "run").allowed());
    }

    @Test
    void collectionsAreReadAsCommaJoinedTextByMatchAndEquals() {
        List<AclPolicy> policies = AclPolicyParser.parse("tags.aclpolicy", """
                description: tags as text
                context: {project: ops}
                for:
                  node:
                    - equals: {tags: 'web,prod'}
                      allow: read
                    - match: {tags: '.*,db(,.*)?'}
                      allow: run
                by: {group: ops}
                """);
        Subject alice = user("alice", "ops");
        assertTrue(evaluator.evaluate(policies, alice, OPS, "node", Map.of("tags", List.of("web", "prod")), "read")
                .allowed());
        assertTrue(evaluator.evaluate(policies, alice, OPS, "node", Map.of("tags", List.of("web", "db")), "run")
                .allowed());
        assertFalse(evaluator.evaluate(policies, alice, OPS, "node", Map.of("tags", List.of("db")), "run")
                .allowed());
    }

    @Test
    void resourceValuesMustBeTextOrCollectionsOfText() {
        List<AclPolicy> policies = AclPolicyParser.parse("t.aclpolicy", """
                description: t
                context: {project: ops}
                for: {node: [{match: {port: '22'}, allow: read}]}
                by: {group: ops}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(
                policies, user("alice", "ops"), OPS, "node", Map.of("port", 22), "read"));
        assertEquals("resource attribute 'port' must be a String or a Collection of Strings", e.getMessage());
    }

    @Test
    void policiesCanBeSharedBetweenThreads() {
        List<AclPolicy> admin = AclPolicyParser.parse("admin.aclpolicy", AclPolicyParserTest.ADMIN);
        long allowed = IntStream.range(0, 4000).parallel()
                .mapToObj(i -> evaluator.evaluate(admin, user("u" + i, i % 2 == 0 ? "admin" : "user"),
                        Environment.project("p" + i), "job", Map.of("name", "j" + i, "group", "g"), "run"))
                .filter(Decision::allowed)
                .count();
        assertEquals(2000, allowed);
    }
}

package org.windlass.security.internal.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class AclPolicyParserTest {

    /** Rundeck's documented admin policy (project and application documents). */
    static final String ADMIN = """
            description: Admin project level access control. Applies to resources within a specific project.
            context:
              project: '.*' # all projects
            for:
              resource:
                - equals:
                    kind: job
                  allow: [create] # allow create jobs
                - equals:
                    kind: node
                  allow: [read,create,update,refresh] # allow refresh node sources
                - equals:
                    kind: event
                  allow: [read,create] # allow read/create events
              adhoc:
                - allow: [read,run,runAs,kill,killAs] # allow running/killing adhoc jobs
              job:
                - allow: [create,read,update,delete,run,runAs,kill,killAs]
              node:
                - allow: [read,run] # allow read/run for nodes
            by:
              group: admin

            ---

            description: Admin Application level access control.
            context:
              application: 'rundeck'
            for:
              resource:
                - equals:
                    kind: project
                  allow: [create] # allow create of projects
                - equals:
                    kind: system
                  allow: [read,enable_executions,disable_executions,admin]
              project:
                - match:
                    name: '.*'
                  allow: [read,import,export,configure,delete,admin]
              project_acl:
                - match:
                    name: '.*'
                  allow: [read,create,update,delete,admin]
              storage:
                - allow: [read,create,update,delete]
            by:
              group: admin
            """;

    @Test
    void parsesRundecksAdminPolicyWithLinesAndRules() {
        List<AclPolicy> policies = AclPolicyParser.parse("admin.aclpolicy", ADMIN);
        assertEquals(2, policies.size());

        AclPolicy project = policies.get(0);
        assertEquals("admin.aclpolicy", project.sourceName());
        assertEquals(1, project.documentIndex());
        assertEquals(1, project.line());
        assertEquals("Admin project level access control. Applies to resources within a specific project.",
                project.description());
        assertFalse(project.context().isApplication());
        assertEquals(".*", project.context().projectRegex());
        assertEquals(List.of("resource", "adhoc", "job", "node"), List.copyOf(project.rules().keySet()));
        List<AclRule> resource = project.rulesFor("resource");
        assertEquals(3, resource.size());
        assertEquals(2, resource.get(1).index());
        assertEquals(9, resource.get(1).line());
        assertEquals(Map.of("kind", "node"), resource.get(1).equal());
        assertEquals(List.of("read", "create", "update", "refresh"), List.copyOf(resource.get(1).allow()));
        assertEquals(Set.of(), resource.get(1).deny());
        assertEquals(18, project.rulesFor("job").get(0).line());
        assertEquals(List.of(), project.rulesFor("storage"));
        assertFalse(project.subjects().negated());
        assertEquals("admin", project.subjects().groups().get(0).pattern());
        assertEquals(List.of(), project.subjects().usernames());

        AclPolicy application = policies.get(1);
        assertEquals(2, application.documentIndex());
        assertEquals(26, application.line());
        assertTrue(application.context().isApplication());
        assertNull(application.context().projectRegex());
        assertEquals(List.of("resource", "project", "project_acl", "storage"),
                List.copyOf(application.rules().keySet()));
        AclRule projectRule = application.rulesFor("project").get(0);
        assertEquals(38, projectRule.line());
        assertEquals(".*", projectRule.match().get("name").get(0).pattern());
    }

    @Test
    void acceptsFlowStyleScalarsAsTextAndSkipsEmptyDocuments() {
        String text = """
                ---
                description: flow style
                context: {project: 42}
                for: {resource: [{allow: '*'}], adhoc: [{allow: '*'}], job: [{allow: '*'}], node: [{allow: '*'}]}
                by: {group: [admin, 7], username: [root]}
                id: flow-1
                ---
                """;
        List<AclPolicy> policies = AclPolicyParser.parse("flow.aclpolicy", text);
        assertEquals(1, policies.size());
        AclPolicy policy = policies.get(0);
        assertEquals(2, policy.line());
        assertEquals("42", policy.context().projectRegex());
        assertEquals(Set.of("*"), policy.rulesFor("node").get(0).allow());
        assertEquals(4, policy.rulesFor("node").get(0).line());
        assertEquals(List.of("admin", "7"),
                policy.subjects().groups().stream().map(Pattern::pattern).toList());
        assertEquals(List.of(), AclPolicyParser.parse("empty.aclpolicy", "# nothing here\n"));
    }

    @Test
    void readsAllMatcherKindsAndNotBy() {
        String text = """
                description: matchers
                context:
                  application: rundeck
                for:
                  apitoken:
                    - match:
                        username: ['svc.*', '.*-api']
                      equals:
                        owner: ops
                      contains:
                        tags: prod
                      subset:
                        roles: [a, b]
                      deny: create
                notBy:
                  urn: 'project:ops'
                """;
        AclPolicy policy = AclPolicyParser.parse("m.aclpolicy", text).get(0);
        AclRule rule = policy.rulesFor("apitoken").get(0);
        assertEquals(List.of("svc.*", ".*-api"),
                rule.match().get("username").stream().map(Pattern::pattern).toList());
        assertEquals(Map.of("owner", "ops"), rule.equal());
        assertEquals(Map.of("tags", Set.of("prod")), rule.contains());
        assertEquals(Map.of("roles", Set.of("a", "b")), rule.subset());
        assertEquals(Set.of(), rule.allow());
        assertEquals(Set.of("create"), rule.deny());
        assertTrue(policy.subjects().negated());
        assertEquals("project:ops", policy.subjects().urns().get(0).pattern());
    }

    @Test
    void parsedPoliciesAreImmutable() {
        AclPolicy policy = AclPolicyParser.parse("admin.aclpolicy", ADMIN).get(0);
        assertThrows(UnsupportedOperationException.class, () -> policy.rules().remove("job"));
        assertThrows(UnsupportedOperationException.class, () -> policy.rulesFor("job").clear());
        assertThrows(UnsupportedOperationException.class, () -> policy.rulesFor("job").get(0).allow().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> policy.subjects().groups().clear());
    }

    // ---- malformed files: each must name the source, the line and the problem ----

    private static AclFormatException reject(String text) {
        return assertThrows(AclFormatException.class, () -> AclPolicyParser.parse("ops.aclpolicy", text));
    }

    private static void assertRejected(String expectedMessage, String text) {
        assertEquals(expectedMessage, reject(text).getMessage());
    }

    @Test
    void misspelledRuleKeyIsNamedWithItsLineAndRule() {
        AclFormatException e = reject("""
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                    - alow: run
                by:
                  group: ops
                """);
        assertEquals("ops.aclpolicy: line 7: rule 2 of for.job: 'alow' is not a rule key "
                + "(match, equals, contains, subset, allow, deny)", e.getMessage());
        assertEquals("ops.aclpolicy", e.sourceName());
        assertEquals(7, e.line());
        assertEquals("rule 2 of for.job", e.location());
        assertEquals("'alow' is not a rule key (match, equals, contains, subset, allow, deny)", e.rule());
    }

    @Test
    void yamlSyntaxErrorsCarryTheirLine() {
        assertRejected("ops.aclpolicy: line 3: invalid YAML: mapping values are not allowed here", """
                description: ops
                context:
                  project: ops: x
                """);

        AclFormatException e = reject("""
                description: ops
                context:
                  project: ops
                for: [
                by:
                  group: ops
                """);
        assertEquals(6, e.line(), e.getMessage());
        assertEquals("invalid YAML", e.location());
        assertEquals("while parsing a flow sequence: expected ',' or ']', but got :", e.rule());

        AclFormatException badIndent = reject("""
                description: ops
                context:
                  project: ops
                 for: x
                """);
        assertEquals(4, badIndent.line(), badIndent.getMessage());

        StringBuilder aliases = new StringBuilder("description: ops\nanchor: &a [x]\nmany: [");
        for (int i = 0; i < 60; i++) {
            aliases.append("*a, ");
        }
        AclFormatException bomb = reject(aliases.append("*a]\n").toString());
        assertEquals(0, bomb.line());
        assertEquals("ops.aclpolicy: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50",
                bomb.getMessage());

        AclFormatException control = reject("description: ops\ncontext:\n  project: \u0001\n");
        assertEquals("ops.aclpolicy: line 3: invalid YAML: character U+0001 is not allowed", control.getMessage());
    }

    @Test
    void requiredSectionsAreNamed() {
        assertRejected("ops.aclpolicy: line 1: document 1: 'description' is required", """
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 1: document 1: 'context' is required", """
                description: ops
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 1: document 1: 'for' is required", """
                description: ops
                context:
                  project: ops
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 1: document 1: one of 'by' or 'notBy' is required", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                """);
    }

    @Test
    void errorsInALaterDocumentNameThatDocumentAndItsLine() {
        assertRejected("ops.aclpolicy: line 10: document 2: 'description' is required", """
                description: first
                context:
                  application: rundeck
                for:
                  project:
                    - allow: read
                by:
                  group: ops
                ---
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
    }

    @Test
    void byAndNotByTogetherAreRejected() {
        assertRejected("ops.aclpolicy: line 8: document 1: 'by' and 'notBy' cannot both be present", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - deny: delete
                by: {group: ops}
                notBy: {group: admin}
                """);
    }

    @Test
    void contextMustBeOneKnownKey() {
        assertRejected("ops.aclpolicy: line 3: context: 'projects' is not a context key (project, application)", """
                description: ops
                context:
                  projects: ops
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 3: context: expected exactly one of 'project' or 'application'", """
                description: ops
                context:
                  project: ops
                  application: rundeck
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 3: context.application: must be 'rundeck', found 'windlass'", """
                description: ops
                context:
                  application: windlass
                for:
                  project:
                    - allow: read
                by:
                  group: ops
                """);
    }

    @Test
    void resourceTypesMustFitTheContext() {
        assertRejected("ops.aclpolicy: line 5: for: 'job' is not a resource type for the application context "
                + "(project, resource, storage, apitoken, project_acl)", """
                description: ops
                context:
                  application: rundeck
                for:
                  job:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 7: for: 'storage' is not a resource type for the project context "
                + "(job, node, adhoc, resource)", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                  storage:
                    - allow: read
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 6: for.job: expected a list of rules, found a map", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    allow: read
                by:
                  group: ops
                """);
    }

    @Test
    void aRuleNeedsAllowOrDeny() {
        assertRejected("ops.aclpolicy: line 7: rule 2 of for.node: a rule needs 'allow' or 'deny'", """
                description: ops
                context:
                  project: ops
                for:
                  node:
                    - allow: read
                    - match:
                        hostname: 'web.*'
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 6: rule 1 of for.job: allow: must not be an empty list", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: []
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 6: rule 1 of for.job: allow: "
                + "expected a string or a list of strings, found nothing", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow:
                      deny: kill
                by:
                  group: ops
                """);
    }

    @Test
    void regexesThatDoNotCompileAreNamed() {
        assertRejected("ops.aclpolicy: line 8: rule 1 of for.job: match.group: "
                + "invalid regex 'ops/[a-': Illegal character range", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - match:
                        name: '.*'
                        group: 'ops/[a-'
                      allow: run
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 8: by.group: invalid regex '(ops': Unclosed group", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: run
                by:
                  group: [admin, '(ops']
                """);
        assertRejected("ops.aclpolicy: line 3: context.project: invalid regex '*': Dangling meta character '*'",
                """
                description: ops
                context:
                  project: '*'
                for:
                  job:
                    - allow: run
                by:
                  group: ops
                """);
    }

    @Test
    void wrongValueTypesAreRejected() {
        assertRejected("ops.aclpolicy: line 8: rule 1 of for.job: equals.name: expected a string, found a map", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: run
                      equals:
                        name: {first: a}
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 1: description: expected a string, found a list",
                "description: [a, b]\ncontext: {project: ops}\nfor: {job: [{allow: run}]}\nby: {group: ops}\n");
        assertRejected("ops.aclpolicy: line 6: rule 1 of for.job: expected a map, found a string", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - run
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 7: rule 1 of for.job: match: must name at least one attribute", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: run
                      match: {}
                by:
                  group: ops
                """);
        assertRejected("ops.aclpolicy: line 8: by: 'role' is not a by key (username, group, urn)", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: run
                by:
                  role: ops
                """);
        assertRejected("ops.aclpolicy: line 1: document 1: expected a map, found a list", "- a\n- b\n");
    }

    @Test
    void unknownAndDuplicateKeysAreRejected() {
        assertRejected("ops.aclpolicy: line 2: document 1: 'rules' is not a policy key "
                + "(description, context, for, by, notBy, id)", """
                description: ops
                rules: {}
                """);
        assertRejected("ops.aclpolicy: line 7: rule 1 of for.job: duplicate key 'allow'", """
                description: ops
                context:
                  project: ops
                for:
                  job:
                    - allow: read
                      allow: run
                by:
                  group: ops
                """);
    }
}

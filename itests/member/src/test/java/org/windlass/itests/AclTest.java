package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Authorization with Rundeck's aclpolicy format, in the booted distribution: the shipped admin
 * policy, a user no policy names denied on every endpoint, policies put through the API and the
 * shell granting exactly what they say (deny wins), a project's own policy, and malformed policies
 * refused with the line named while what was stored stays.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AclTest extends WindlassTestSupport {

    private static final String YAML = "application/yaml";
    private static String bob;
    private static String opsJob;
    private static String otherJob;

    @Configuration
    public Option[] config() {
        List<Option> options = baseOptions();
        // a small limit and a short pause, so that the test reaches both
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                "etc/org.windlass.security.cfg", "login.maxFailures", "3"));
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                "etc/org.windlass.security.cfg", "login.lockout", "3s"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void setUp() throws Exception {
        if (bob != null) {
            return;
        }
        assertEquals(201, api("POST", "/projects", "{\"name\":\"acl\"}", JSON).statusCode());
        opsJob = importJob("acl", "yaml", "- name: deploy\n  group: ops/web\n  sequence:\n    commands:\n    - exec: echo deployed\n");
        otherJob = importJob("acl", "yaml", "- name: payroll\n  group: finance\n  sequence:\n    commands:\n    - exec: echo paid\n");
        assertEquals(201, api("POST", "/storage/keys/acl/pw", "secret", "application/x-rundeck-data-password").statusCode());
        HttpResponse<String> t = api("POST", "/tokens", "{\"user\":\"bob\",\"roles\":[\"ops\"]}", JSON);
        assertEquals(t.body(), 201, t.statusCode());
        bob = json(t.body()).get("token").asText();
    }

    private HttpResponse<String> asBob(String method, String path, String body, String type) throws Exception {
        return type == null
                ? send(method, "/api/48" + path, body, "X-Rundeck-Auth-Token", bob, "Accept", JSON)
                : send(method, "/api/48" + path, body, "X-Rundeck-Auth-Token", bob, "Accept", JSON, "Content-Type", type);
    }

    private void putSystemPolicy(String name, String yaml) throws Exception {
        HttpResponse<String> r = api("GET", "/system/acl/" + name, null, null);
        HttpResponse<String> w = api(r.statusCode() == 200 ? "PUT" : "POST", "/system/acl/" + name, yaml, YAML);
        assertTrue(w.body(), w.statusCode() == 200 || w.statusCode() == 201);
    }

    @Test
    public void theShippedAdminPolicyIsStoredAndAUserNoPolicyNamesIsDeniedEverywhere() throws Exception {
        JsonNode list = json(api("GET", "/system/acl/", null, null).body());
        assertTrue(list.toString(), list.toString().contains("admin.aclpolicy"));
        assertTrue(api("GET", "/system/acl/admin.aclpolicy", null, null).body().contains("group: admin"));

        // every endpoint, as a user whom no policy names: refused, naming why
        String exec = Long.toString(runJob(opsJob, "{}"));
        awaitEnd(Long.parseLong(exec), Duration.ofSeconds(60));
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/system/info"}, new String[] {"GET", "/system/logstorage"},
                new String[] {"POST", "/system/logstorage/incomplete/resume"}, new String[] {"GET", "/system/executions/status"},
                new String[] {"POST", "/system/executions/disable"}, new String[] {"POST", "/system/executions/enable"},
                new String[] {"GET", "/system/acl/"}, new String[] {"GET", "/system/acl/admin.aclpolicy"},
                new String[] {"DELETE", "/system/acl/admin.aclpolicy"}, new String[] {"GET", "/cluster/members"},
                new String[] {"GET", "/scheduler/jobs"}, new String[] {"PUT", "/scheduler/takeover"},
                new String[] {"GET", "/storage/keys/acl/pw"}, new String[] {"DELETE", "/storage/keys/acl/pw"},
                new String[] {"POST", "/projects"}, new String[] {"GET", "/project/acl"}, new String[] {"DELETE", "/project/acl"},
                new String[] {"GET", "/project/acl/config"}, new String[] {"PUT", "/project/acl/config/x"},
                new String[] {"GET", "/project/acl/readme.md"}, new String[] {"GET", "/project/acl/jobs"},
                new String[] {"GET", "/project/acl/jobs/export"}, new String[] {"POST", "/project/acl/jobs/import"},
                new String[] {"GET", "/project/acl/executions"}, new String[] {"POST", "/project/acl/run/command"},
                new String[] {"GET", "/project/acl/resources"}, new String[] {"GET", "/project/acl/sources"},
                new String[] {"GET", "/project/acl/acl/"}, new String[] {"GET", "/job/" + opsJob},
                new String[] {"DELETE", "/job/" + opsJob}, new String[] {"POST", "/job/" + opsJob + "/run"},
                new String[] {"GET", "/job/" + opsJob + "/executions"}, new String[] {"POST", "/job/" + opsJob + "/schedule/disable"},
                new String[] {"GET", "/execution/" + exec}, new String[] {"GET", "/execution/" + exec + "/output"},
                new String[] {"POST", "/execution/" + exec + "/abort"}, new String[] {"DELETE", "/execution/" + exec},
                new String[] {"POST", "/tokens/bob"});
        List<String> allowed = new ArrayList<>();
        for (String[] e : endpoints) {
            HttpResponse<String> r = asBob(e[0], e[1], e[0].equals("GET") || e[0].equals("DELETE") ? null : "{}", JSON);
            if (r.statusCode() != 403 || !r.body().contains("may not")) {
                allowed.add(e[0] + " " + e[1] + " -> " + r.statusCode() + " " + r.body());
            }
        }
        assertTrue("endpoints not refused: " + allowed, allowed.isEmpty());
        // lists are filtered, not refused
        assertEquals("[]", asBob("GET", "/projects", null, null).body().strip());
        assertEquals(200, api("GET", "/execution/" + exec, null, null).statusCode());
        assertTrue("the execution is still there", api("GET", "/execution/" + exec, null, null).body().contains("succeeded"));
    }

    @Test
    public void repeatedFailedLoginsArePausedAndLoginsAndDenialsAreAudited() throws Exception {
        String wrong = basic("mallory", "guess");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, get("/api/48/system/info", "Authorization", wrong).statusCode());
        }
        HttpResponse<String> paused = get("/api/48/system/info", "Authorization", wrong);
        assertEquals(paused.body(), 429, paused.statusCode());
        assertTrue(paused.body(), paused.body().contains("too many failed logins of user 'mallory'"));
        assertTrue(paused.headers().firstValue("Retry-After").isPresent());
        // the address is paused too: even the right password waits
        String right = basic("admin", readInitialPassword());
        assertEquals(429, get("/api/48/system/info", "Authorization", right).statusCode());
        await("the pause ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/48/system/info", "Authorization", right).statusCode() == 200);
        assertEquals(403, asBob("GET", "/system/info", null, null).statusCode());
        // the SSH shell counts the same: three wrong passwords pause the user there too
        String pw = readInitialPassword();
        for (int i = 0; i < 3; i++) {
            try {
                ssh("admin", "not-the-password", "windlass:member-info");
            } catch (java.io.IOException refused) {
                // expected: a wrong password
            }
        }
        boolean refused;
        try {
            ssh("admin", pw, "windlass:member-info");
            refused = false;
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertTrue("the fourth SSH login is paused, even with the right password", refused);
        await("the SSH pause ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                return ssh("admin", pw, "windlass:member-info").out().contains("UUID");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        String log = java.nio.file.Files.readString(karafData().resolve("log/karaf.log"));
        assertTrue("failed logins audited", log.contains("| audit ") && log.contains("login failed: user 'mallory' from"));
        assertTrue("pauses audited", log.contains("login refused: user 'mallory'"));
        assertTrue("logins audited", log.contains("login: user 'admin' from"));
        assertTrue("denials audited", log.contains("denied: user 'bob'"));
    }

    @Test
    public void policiesGrantWhatTheySayDenyWinsAndMalformedOnesAreRefusedWithTheLine() throws Exception {
        putSystemPolicy("ops.aclpolicy", String.join("\n",
                "description: ops can see project acl",
                "context:",
                "  application: rundeck",
                "for:",
                "  project:",
                "    - equals: {name: acl}",
                "      allow: [read]",
                "by:",
                "  group: ops",
                "---",
                "description: ops run the ops jobs",
                "context:",
                "  project: acl",
                "for:",
                "  job:",
                "    - match: {group: 'ops/.*'}",
                "      allow: [read, run]",
                "  node:",
                "    - allow: read",
                "  resource:",
                "    - equals: {kind: event}",
                "      allow: read",
                "by:",
                "  group: ops",
                ""));
        await("the policy applies").atMost(Duration.ofSeconds(10)).until(() -> asBob("GET", "/projects", null, null).body().contains("\"acl\""));
        // only the jobs the policy names
        String jobs = asBob("GET", "/project/acl/jobs", null, null).body();
        assertTrue(jobs, jobs.contains("deploy") && !jobs.contains("payroll"));
        HttpResponse<String> run = asBob("POST", "/job/" + opsJob + "/run", "{}", JSON);
        assertEquals(run.body(), 200, run.statusCode());
        long id = json(run.body()).get("id").asLong();
        assertEquals(200, asBob("GET", "/execution/" + id + "/output", null, null).statusCode());
        HttpResponse<String> payroll = asBob("POST", "/job/" + otherJob + "/run", "{}", JSON);
        assertEquals(payroll.body(), 403, payroll.statusCode());
        assertTrue(payroll.body(), payroll.body().contains("user 'bob' may not run job") && payroll.body().contains("no rule allows"));
        assertEquals(403, asBob("POST", "/job/" + opsJob + "/schedule/disable", null, null).statusCode());
        assertEquals(403, asBob("DELETE", "/project/acl", null, null).statusCode());

        // creating jobs does not give replacing them: an import over an existing job needs update on it
        HttpResponse<String> grant = api("POST", "/project/acl/acl/create-jobs.aclpolicy", String.join("\n",
                "description: ops create jobs",
                "for:",
                "  resource:",
                "    - equals: {kind: job}",
                "      allow: create",
                "by:",
                "  group: ops",
                ""), YAML);
        assertEquals(grant.body(), 201, grant.statusCode());
        await("the grant applies").atMost(Duration.ofSeconds(10)).until(() ->
                asBob("POST", "/project/acl/jobs/import?fileformat=yaml&dupeOption=update",
                        "- name: fresh\n  group: ops/new\n  sequence:\n    commands:\n    - exec: echo new\n", YAML).statusCode() == 200);
        HttpResponse<String> replace = asBob("POST", "/project/acl/jobs/import?fileformat=yaml&dupeOption=update",
                "- name: payroll\n  group: finance\n  sequence:\n    commands:\n    - exec: echo hijacked\n", YAML);
        assertEquals(replace.body(), 200, replace.statusCode());
        assertTrue(replace.body(), replace.body().contains("user 'bob' may not update job 'finance/payroll'"));
        assertFalse("payroll is unchanged", api("GET", "/job/" + otherJob + "?format=yaml", null, null).body().contains("hijacked"));
        assertEquals(204, api("DELETE", "/project/acl/acl/create-jobs.aclpolicy", null, null).statusCode());

        // a project's own policy: a deny wins over the system allow
        HttpResponse<String> projectPolicy = api("POST", "/project/acl/acl/no-deploy.aclpolicy", String.join("\n",
                "description: nobody in ops deploys today",
                "for:",
                "  job:",
                "    - equals: {name: deploy}",
                "      deny: run",
                "by:",
                "  group: ops",
                ""), YAML);
        assertEquals(projectPolicy.body(), 201, projectPolicy.statusCode());
        await("the deny applies").atMost(Duration.ofSeconds(10)).until(() -> asBob("POST", "/job/" + opsJob + "/run", "{}", JSON).statusCode() == 403);
        HttpResponse<String> denied = asBob("POST", "/job/" + opsJob + "/run", "{}", JSON);
        assertTrue(denied.body(), denied.body().contains("denied by no-deploy.aclpolicy"));
        assertTrue(api("GET", "/project/acl/acl/", null, null).body().contains("no-deploy.aclpolicy"));
        HttpResponse<String> otherContext = api("PUT", "/project/acl/acl/no-deploy.aclpolicy", String.join("\n",
                "description: x", "context:", "  project: other", "for:", "  job:", "    - allow: run", "by:", "  group: ops", ""), YAML);
        assertEquals(otherContext.body(), 400, otherContext.statusCode());
        assertTrue(otherContext.body(), otherContext.body().contains("line 2") && otherContext.body().contains("applies to that project only"));
        assertEquals(204, api("DELETE", "/project/acl/acl/no-deploy.aclpolicy", null, null).statusCode());
        await("the deny is gone").atMost(Duration.ofSeconds(10)).until(() -> asBob("POST", "/job/" + opsJob + "/run", "{}", JSON).statusCode() == 200);

        // malformed policies: 400 naming the line and the rule; the stored one stays as it was
        String before = api("GET", "/system/acl/ops.aclpolicy", null, null).body();
        HttpResponse<String> typo = api("PUT", "/system/acl/ops.aclpolicy", String.join("\n",
                "description: typo", "context:", "  application: rundeck", "for:", "  project:", "    - alow: [read]", "by:", "  group: ops", ""), YAML);
        assertEquals(typo.body(), 400, typo.statusCode());
        assertTrue(typo.body(), typo.body().contains("line 6") && typo.body().contains("'alow' is not a rule key"));
        HttpResponse<String> yaml = api("POST", "/system/acl/broken.aclpolicy", "description: [unclosed\nfor: x\n", YAML);
        assertEquals(yaml.body(), 400, yaml.statusCode());
        assertTrue(yaml.body(), yaml.body().contains("invalid YAML"));
        HttpResponse<String> badName = api("POST", "/system/acl/../evil", "description: x", YAML);
        assertTrue(badName.body(), badName.statusCode() == 400 || badName.statusCode() == 404);
        assertEquals(before, api("GET", "/system/acl/ops.aclpolicy", null, null).body());
        assertEquals(404, api("GET", "/system/acl/broken.aclpolicy", null, null).statusCode());

        // the shell lists, validates and removes
        String pw = readInitialPassword();
        SshResult ls = ssh("admin", pw, "windlass:acl");
        assertTrue(ls.out(), ls.out().contains("admin.aclpolicy") && ls.out().contains("ops.aclpolicy"));
        SshResult del = ssh("admin", pw, "windlass:acl --delete ops.aclpolicy");
        assertTrue(del.out() + del.err(), del.out().contains("deleted ops.aclpolicy"));
        await("bob is back to nothing").atMost(Duration.ofSeconds(10)).until(() -> asBob("GET", "/project/acl/jobs", null, null).statusCode() == 403);
        assertFalse(asBob("GET", "/projects", null, null).body().contains("\"acl\""));
    }
}

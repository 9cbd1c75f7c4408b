package org.windlass.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Users of the cluster database through the realm's database login module, in the booted
 * distribution: added through the API and the shell, they log in on the REST API, the web login
 * form, the web console and the SSH shell with their groups as roles; a disabled, renamed-password
 * or deleted user no longer does; passwords never come back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UsersTest extends WindlassTestSupport {

    @Configuration
    public Option[] config() {
        return baseOptions().toArray(new Option[0]);
    }

    @Test
    public void aDatabaseUserLogsInOnEveryFrontDoorWithItsGroupsAsRoles() throws Exception {
        HttpResponse<String> created = api("POST", "/system/users",
                "{\"login\":\"carol\",\"password\":\"Carol-pw-1234\",\"groups\":[\"admin\",\"ops\"],\"email\":\"carol@example.com\"}", JSON);
        assertEquals(created.body(), 201, created.statusCode());
        assertFalse(created.body(), created.body().contains("Carol-pw") || created.body().toLowerCase().contains("bcrypt"));
        String carol = basic("carol", "Carol-pw-1234");
        // the REST API, with the admin group's grant from the shipped policy
        assertEquals(200, get("/api/48/system/info", "Authorization", carol).statusCode());
        // the web console and the SSH shell go through the same realm
        assertEquals(200, get("/system/console/bundles", "Authorization", carol).statusCode());
        SshResult shell = ssh("carol", "Carol-pw-1234", "windlass:member-info");
        assertEquals(shell.err(), 0, shell.exitStatus());
        assertTrue(shell.out(), shell.out().contains("UUID"));
        // the web login form
        HttpResponse<String> form = send("POST", "/j_security_check", "j_username=carol&j_password=Carol-pw-1234",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(302, form.statusCode());
        assertTrue(form.headers().firstValue("Location").orElse("").contains("/system/info"));
        String users = api("GET", "/system/users", null, null).body();
        assertTrue(users, users.contains("\"login\":\"carol\"") && users.contains("\"groups\":[\"admin\",\"ops\"]"));
        assertFalse(users, users.contains("Carol-pw") || users.contains("$2a$"));

        // only ops: logged in, but the policies give ops nothing
        assertEquals(200, api("PUT", "/system/users/carol", "{\"groups\":[\"ops\"]}", JSON).statusCode());
        assertEquals(403, get("/api/48/system/info", "Authorization", carol).statusCode());
        // her own password she may change; the old one stops working
        HttpResponse<String> own = send("PUT", "/api/48/system/users/carol/password", "{\"password\":\"Carol-pw-5678\"}",
                "Authorization", carol, "Content-Type", JSON);
        assertEquals(own.body(), 204, own.statusCode());
        assertEquals(401, get("/api/48/system/info", "Authorization", carol).statusCode());
        String newCarol = basic("carol", "Carol-pw-5678");
        assertEquals(403, get("/api/48/system/info", "Authorization", newCarol).statusCode());
        // another user's password she may not
        HttpResponse<String> others = send("PUT", "/api/48/system/users/admin/password", "{\"password\":\"Hijack-pw-1\"}",
                "Authorization", newCarol, "Content-Type", JSON);
        assertEquals(others.body(), 403, others.statusCode());

        // bad input names the problem and stores nothing
        HttpResponse<String> shortPw = api("POST", "/system/users", "{\"login\":\"dave\",\"password\":\"short\"}", JSON);
        assertEquals(400, shortPw.statusCode());
        assertTrue(shortPw.body(), shortPw.body().contains("at least 8 characters"));
        HttpResponse<String> badName = api("POST", "/system/users", "{\"login\":\"da ve\",\"password\":\"Dave-pw-1234\"}", JSON);
        assertEquals(400, badName.statusCode());
        assertTrue(badName.body(), badName.body().contains("user name 'da ve'"));
        assertEquals(409, api("POST", "/system/users", "{\"login\":\"carol\",\"password\":\"Carol-pw-0000\"}", JSON).statusCode());
        assertEquals(404, api("GET", "/system/users/dave", null, null).statusCode());

        // disabled, then deleted: no login at all
        assertEquals(200, api("PUT", "/system/users/carol", "{\"enabled\":false}", JSON).statusCode());
        assertEquals(401, get("/api/48/system/info", "Authorization", newCarol).statusCode());
        assertEquals(204, api("DELETE", "/system/users/carol", null, null).statusCode());
        assertEquals(401, get("/system/console/bundles", "Authorization", newCarol).statusCode());
    }

    @Test
    public void theShellManagesUsersAndGroups() throws Exception {
        String pw = readInitialPassword();
        SshResult add = ssh("admin", pw, "windlass:user-add --group admin --password Erin-pw-1234 erin");
        assertTrue(add.out() + add.err(), add.out().contains("added erin with groups [admin]"));
        assertEquals(200, get("/api/48/system/info", "Authorization", basic("erin", "Erin-pw-1234")).statusCode());
        SshResult list = ssh("admin", pw, "windlass:user-list");
        assertTrue(list.out(), list.out().contains("erin") && list.out().contains("admin"));
        SshResult passwd = ssh("admin", pw, "windlass:user-passwd --password Erin-pw-5678 erin");
        assertTrue(passwd.out() + passwd.err(), passwd.out().contains("password of erin changed"));
        assertEquals(200, get("/api/48/system/info", "Authorization", basic("erin", "Erin-pw-5678")).statusCode());
        SshResult group = ssh("admin", pw, "windlass:group-add --description 'night shift' night");
        assertTrue(group.out() + group.err(), group.out().contains("added night"));
        SshResult modify = ssh("admin", pw, "windlass:user-modify --group night erin");
        assertTrue(modify.out() + modify.err(), modify.out().contains("erin: groups [night]"));
        assertTrue(ssh("admin", pw, "windlass:group-list").out().contains("night"));
        assertEquals(403, get("/api/48/system/info", "Authorization", basic("erin", "Erin-pw-5678")).statusCode());
        SshResult del = ssh("admin", pw, "windlass:user-modify --delete erin");
        assertTrue(del.out() + del.err(), del.out().contains("deleted erin"));
        SshResult delGroup = ssh("admin", pw, "windlass:group-delete night");
        assertTrue(delGroup.out() + delGroup.err(), delGroup.out().contains("deleted night"));
        assertTrue(!ssh("admin", pw, "windlass:group-list").out().contains("night"));
        SshResult bad = ssh("admin", pw, "windlass:user-add --password x frank");
        assertTrue(bad.out() + bad.err(), (bad.out() + bad.err()).contains("at least 8 characters"));
    }

    @Test
    public void shellCommandsAreCheckedAgainstThePoliciesToo() throws Exception {
        assertEquals(201, api("POST", "/system/users", "{\"login\":\"grace\",\"password\":\"Grace-pw-1234\",\"groups\":[\"admin\",\"auditors\"]}",
                JSON).statusCode());
        HttpResponse<String> policy = api("POST", "/system/acl/auditors.aclpolicy", String.join("\n",
                "description: auditors change nothing",
                "context:",
                "  application: rundeck",
                "for:",
                "  storage:",
                "    - deny: [create, update, delete]",
                "  resource:",
                "    - equals: {kind: project}",
                "      deny: create",
                "by:",
                "  group: auditors",
                ""), "application/yaml");
        assertEquals(policy.body(), 201, policy.statusCode());
        SshResult create = ssh("grace", "Grace-pw-1234", "windlass:project-create audited");
        assertTrue(create.out() + create.err(), (create.out() + create.err()).contains("user 'grace' may not create resource")
                && (create.out() + create.err()).contains("denied by auditors.aclpolicy"));
        assertEquals(404, api("GET", "/project/audited", null, null).statusCode());
        // what the policies allow still works for her
        SshResult members = ssh("grace", "Grace-pw-1234", "windlass:cluster-members");
        assertEquals(members.err(), 0, members.exitStatus());
        assertTrue(members.out(), members.out().contains("(this member)"));
        // and the REST API refuses the same
        HttpResponse<String> rest = send("POST", "/api/48/projects", "{\"name\":\"audited\"}", "Authorization",
                basic("grace", "Grace-pw-1234"), "Content-Type", JSON);
        assertEquals(rest.body(), 403, rest.statusCode());
        assertEquals(204, api("DELETE", "/system/acl/auditors.aclpolicy", null, null).statusCode());
    }
}

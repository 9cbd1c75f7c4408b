package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.windlass.api.MemberIdentity;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.WindlassPlugin;

/**
 * A member on the embedded defaults, with the password generated on its first start: every front
 * door is closed without it and open with it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MemberBootTest extends WindlassTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    protected FeaturesService features;

    @Inject
    protected MemberIdentity identity;

    @Configuration
    public Option[] config() {
        return baseOptions().toArray(new Option[0]);
    }

    @Test
    public void theWindlassFeatureIsInstalledAndItsBundlesAreActive() throws Exception {
        assertTrue(features.isInstalled(features.getFeature("windlass")));
        for (String feature : List.of("windlass-api", "windlass-cluster", "windlass-security", "windlass-rest", "windlass-shell")) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
        for (String bsn : List.of("org.windlass.api", "org.windlass.cluster", "org.windlass.security", "org.windlass.rest", "org.windlass.shell")) {
            Bundle bundle = Arrays.stream(bundleContext.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                    .orElseThrow(() -> new AssertionError("bundle " + bsn + " missing"));
            assertEquals(bsn + " active", Bundle.ACTIVE, bundle.getState());
        }
    }

    @Test
    public void healthAnswersWithoutLoginAndNamesTheMember() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith(JSON));
        assertTrue(r.body(), r.body().contains("\"status\":\"UP\""));
        assertTrue(r.body(), r.body().contains("\"uuid\":\"" + identity.uuid() + "\""));
        assertTrue(r.body(), r.body().contains("\"name\":\"" + identity.name() + "\""));
        assertTrue(r.body(), r.body().contains("\"version\":\"" + identity.version() + "\""));
        String stored = Files.readString(karafData().resolve("windlass/member.properties"));
        assertTrue("the uuid is kept in the data directory", stored.contains("uuid=" + identity.uuid()));
    }

    @Test
    public void nothingOpensWithoutCredentials() throws Exception {
        awaitStorage(basic("admin", readInitialPassword()));
        HttpResponse<String> api = get("/api/48/system/info");
        assertEquals(401, api.statusCode());
        assertTrue(api.body(), api.body().contains("\"error\":true"));
        assertTrue(api.body(), api.body().contains("\"errorCode\":\"api.error.unauthenticated\""));
        assertTrue(api.headers().firstValue("WWW-Authenticate").orElse("").contains("windlass"));
        assertEquals(401, get("/system/console/bundles").statusCode());
        assertEquals(401, get("/api/48/tokens").statusCode());
        assertEquals(401, get("/api/48/system/info", "X-Rundeck-Auth-Token", "not-a-token").statusCode());
        assertEquals(401, get("/api/48/system/info", "Authorization", basic("admin", "wrong-password")).statusCode());
    }

    @Test
    public void theStockKarafUserDoesNotExistAnywhere() throws Exception {
        assertEquals(401, get("/api/48/system/info", "Authorization", basic("karaf", "karaf")).statusCode());
        assertEquals(401, get("/system/console/bundles", "Authorization", basic("karaf", "karaf")).statusCode());
        try {
            ssh("karaf", "karaf", "bundle:list");
            fail("karaf/karaf must not log in over SSH");
        } catch (IOException expected) {
            // refused
        }
    }

    @Test
    public void theGeneratedPasswordIsPrivateAndStoredOnlyAsAHash() throws Exception {
        Path file = karafData().resolve("windlass/initial-admin-password");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = readInitialPassword();
        assertTrue(password.length() >= 20);
        String realm = Files.readString(Path.of(System.getProperty("karaf.etc"), "windlass-realm.properties"));
        assertFalse("the realm file must not contain the password", realm.contains(password));
        assertTrue(realm, realm.contains("admin: BCRYPT:"));
        String log = Files.readString(karafData().resolve("log/karaf.log"));
        assertFalse("the password must never be logged", log.contains(password));
        assertTrue("the log says where the password is", log.contains(file.toString()));
    }

    @Test
    public void adminLogsInToTheConsoleTheApiAndTheShellWithTheGeneratedPassword() throws Exception {
        String password = readInitialPassword();
        assertEquals(200, get("/system/console/bundles", "Authorization", basic("admin", password)).statusCode());

        HttpResponse<String> info = get("/api/48/system/info", "Authorization", basic("admin", password));
        assertEquals(info.body(), 200, info.statusCode());
        assertTrue(info.body(), info.body().contains("\"serverUUID\":\"" + identity.uuid() + "\""));
        assertTrue(info.body(), info.body().contains("\"apiversion\":48"));

        SshResult shell = ssh("admin", password, "windlass:member-info");
        assertTrue(shell.out() + shell.err(), shell.out().contains(identity.uuid()));
    }

    @Test
    public void apiTokensAreCreatedUsedListedAndRevoked() throws Exception {
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        HttpResponse<String> created = send("POST", "/api/48/tokens", "{\"roles\":\"admin\",\"duration\":\"2h\",\"name\":\"itest\"}",
                "Authorization", auth, "Content-Type", JSON);
        assertEquals(created.body(), 201, created.statusCode());
        String token = field(created.body(), "token");
        String id = field(created.body(), "id");
        assertTrue(created.body(), created.body().contains("\"user\":\"admin\""));

        HttpResponse<String> withToken = get("/api/48/system/info", "X-Rundeck-Auth-Token", token);
        assertEquals(200, withToken.statusCode());
        assertEquals(200, get("/api/14/system/info?authtoken=" + token).statusCode());

        HttpResponse<String> listed = get("/api/48/tokens/admin", "X-Rundeck-Auth-Token", token);
        assertEquals(200, listed.statusCode());
        assertTrue(listed.body().contains(id));
        assertFalse("a listing never shows a secret", listed.body().contains(token));

        javax.sql.DataSource ds = bundleContext.getService(bundleContext.getServiceReferences(javax.sql.DataSource.class, "(dataSourceName=windlass)").iterator().next());
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT * FROM wl_api_token")) {
            int columns = rs.getMetaData().getColumnCount();
            boolean found = false;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    assertFalse("tokens are stored hashed", String.valueOf(rs.getObject(i)).contains(token));
                }
                found |= id.equals(rs.getString("id"));
            }
            assertTrue("the token is in the cluster database", found);
        }

        assertEquals(204, send("DELETE", "/api/48/token/" + id, null, "Authorization", auth).statusCode());
        assertEquals(401, get("/api/48/system/info", "X-Rundeck-Auth-Token", token).statusCode());
        assertEquals(404, get("/api/48/token/" + id, "Authorization", auth).statusCode());
    }

    @Test
    public void tokensFromTheShellWorkOnTheApi() throws Exception {
        String password = readInitialPassword();
        awaitStorage(basic("admin", password));
        SshResult created = ssh("admin", password, "windlass:token-create --name shell-made --duration 1h");
        Matcher m = Pattern.compile("Token:\\s+(\\S+)").matcher(created.out());
        assertTrue(created.out() + created.err(), m.find());
        String token = m.group(1);
        assertEquals(200, get("/api/48/system/info", "X-Rundeck-Auth-Token", token).statusCode());
        Matcher idm = Pattern.compile("ID:\\s+(\\S+)").matcher(created.out());
        assertTrue(idm.find());
        SshResult list = ssh("admin", password, "windlass:token-list");
        assertTrue(list.out(), list.out().contains(idm.group(1)));
        ssh("admin", password, "windlass:token-revoke " + idm.group(1));
        assertEquals(401, get("/api/48/system/info", "X-Rundeck-Auth-Token", token).statusCode());
    }

    @Test
    public void badTokenRequestsGetClearErrors() throws Exception {
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        HttpResponse<String> badDuration = send("POST", "/api/48/tokens", "{\"duration\":\"forever\"}", "Authorization", auth, "Content-Type", JSON);
        assertEquals(400, badDuration.statusCode());
        assertTrue(badDuration.body(), badDuration.body().contains("forever"));
        HttpResponse<String> tooLong = send("POST", "/api/48/tokens", "{\"duration\":\"90d\"}", "Authorization", auth, "Content-Type", JSON);
        assertEquals(400, tooLong.statusCode());
        assertTrue(tooLong.body(), tooLong.body().contains("maximum"));
        HttpResponse<String> badJson = send("POST", "/api/48/tokens", "{oops", "Authorization", auth, "Content-Type", JSON);
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body(), badJson.body().contains("\"errorCode\""));
        HttpResponse<String> otherUser = send("POST", "/api/48/tokens/bob", "{}", "Authorization", auth, "Content-Type", JSON);
        assertEquals(400, otherUser.statusCode());
        assertTrue(otherUser.body(), otherUser.body().contains("roles"));
    }

    @Test
    public void everyRundeckApiVersionFrom14To48IsAnsweredAndOthersAreRefused() throws Exception {
        String auth = basic("admin", readInitialPassword());
        for (int v = 14; v <= 48; v++) {
            assertEquals("version " + v, 200, get("/api/" + v + "/system/info", "Authorization", auth).statusCode());
        }
        for (String v : List.of("13", "49", "x")) {
            HttpResponse<String> r = get("/api/" + v + "/system/info", "Authorization", auth);
            assertEquals(400, r.statusCode());
            assertTrue(r.body(), r.body().contains("api.error.api-version.unsupported"));
        }
        HttpResponse<String> missing = get("/api/48/no/such/thing", "Authorization", auth);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("\"error\":true"));
    }

    @Test
    public void sessionLoginWorksAndAWrongPasswordDoesNot() throws Exception {
        String password = readInitialPassword();
        HttpResponse<String> login = send("POST", "/j_security_check",
                "j_username=admin&j_password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8),
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(302, login.statusCode());
        assertFalse(login.headers().firstValue("Location").orElse("").contains("/user/error"));
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID"))
                .map(c -> c.split(";")[0]).findFirst().orElseThrow(() -> new AssertionError("no session cookie"));
        assertEquals(200, get("/api/48/system/info", "Cookie", cookie).statusCode());
        assertEquals(302, get("/user/logout", "Cookie", cookie).statusCode());
        assertEquals(401, get("/api/48/system/info", "Cookie", cookie).statusCode());

        HttpResponse<String> wrong = send("POST", "/j_security_check", "j_username=admin&j_password=nope",
                "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(302, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Location").orElse("").contains("/user/error"));
        assertTrue(wrong.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")));
    }

    @Test
    public void aPluginDroppedIntoDeployStartsAndLeavesWhenRemoved() throws Exception {
        Path plugin = Path.of(System.getProperty("windlass.samplePlugin"));
        Path deploy = Path.of(System.getProperty("karaf.base"), "deploy", plugin.getFileName().toString());
        Files.copy(plugin, deploy, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(WAIT).until(() -> bundle("org.windlass.itests.sample").map(b -> b.getState() == Bundle.ACTIVE).orElse(false));
        ServiceReference<NodeSource> ref = await().atMost(WAIT).until(() -> {
            var refs = bundleContext.getServiceReferences(NodeSource.class, "(" + WindlassPlugin.NAME + "=sample-static)");
            return refs.isEmpty() ? null : refs.iterator().next();
        }, r -> r != null);
        assertEquals(NodeSource.TYPE, ref.getProperty(WindlassPlugin.TYPE));
        NodeSource source = bundleContext.getService(ref);
        assertNotNull(source);
        assertEquals(2, source.nodes(new NodeSource.Request("demo", 1, Map.of("nodes", "web01,web02"), 1000)).size());
        bundleContext.ungetService(ref);

        // the plugin is a usable node source type
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"plugin-demo\",\"config\":{\"resources.source.1.type\":\"sample-static\","
                + "\"resources.source.1.config.nodes\":\"alpha,beta\",\"project.nodeCache.delay\":\"0\"}}",
                "Authorization", auth, "Content-Type", JSON).statusCode());
        assertTrue(get("/api/48/project/plugin-demo/resources", "Authorization", auth).body().contains("\"beta\""));

        Files.delete(deploy);
        await().atMost(WAIT).until(() -> bundle("org.windlass.itests.sample").isEmpty());
        HttpResponse<String> sources = get("/api/48/project/plugin-demo/sources", "Authorization", auth);
        assertTrue(sources.body(), sources.body().contains("\"status\":\"missing_plugin\"") && sources.body().contains("sample-static"));
        assertFalse(get("/api/48/project/plugin-demo/resources", "Authorization", auth).body().contains("\"beta\""));
        assertTrue(bundleContext.getServiceReferences(NodeSource.class, "(" + WindlassPlugin.NAME + "=sample-static)").isEmpty());
    }

    @Test
    public void projectsAreStoredInTheEmbeddedDatabaseAndManagedOverRestAndShell() throws Exception {
        String auth = basic("admin", readInitialPassword());
        await().atMost(WAIT).until(() -> get("/api/48/projects", "Authorization", auth).statusCode() == 200);
        HttpResponse<String> created = send("POST", "/api/48/projects",
                "{\"name\":\"ops\",\"description\":\"Operations\",\"config\":{\"resources.source.1.type\":\"file\"}}",
                "Authorization", auth, "Content-Type", JSON);
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.body(), created.body().contains("\"resources.source.1.type\":\"file\""));
        assertEquals(409, send("POST", "/api/48/projects", "{\"name\":\"ops\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
        HttpResponse<String> invalid = send("POST", "/api/48/projects", "{\"name\":\"bad name\"}", "Authorization", auth, "Content-Type", JSON);
        assertEquals(400, invalid.statusCode());
        assertTrue(invalid.body(), invalid.body().contains("bad name"));

        assertEquals(200, send("PUT", "/api/48/project/ops/config/project.label", "{\"value\":\"Ops team\"}",
                "Authorization", auth, "Content-Type", JSON).statusCode());
        HttpResponse<String> one = get("/api/48/project/ops/config/project.label", "Authorization", auth);
        assertEquals("{\"key\":\"project.label\",\"value\":\"Ops team\"}", one.body());
        assertEquals(204, send("DELETE", "/api/48/project/ops/config/project.label", null, "Authorization", auth).statusCode());
        assertEquals(404, get("/api/48/project/ops/config/project.label", "Authorization", auth).statusCode());
        assertEquals(200, send("PUT", "/api/48/project/ops/readme.md", "# Ops", "Authorization", auth, "Content-Type", "text/plain").statusCode());
        assertEquals("# Ops", get("/api/48/project/ops/readme.md", "Authorization", auth).body());
        HttpResponse<String> huge = send("PUT", "/api/48/project/ops/motd.md", "x".repeat(2 * 1024 * 1024),
                "Authorization", auth, "Content-Type", "text/plain");
        assertEquals(413, huge.statusCode());
        assertEquals(404, get("/api/48/project/nope", "Authorization", auth).statusCode());

        String password = readInitialPassword();
        SshResult shellCreate = ssh("admin", password, "windlass:project-create -d Frontends web owner=web-team");
        assertTrue(shellCreate.out() + shellCreate.err(), shellCreate.out().contains("Created project web"));
        assertTrue(get("/api/48/projects", "Authorization", auth).body().contains("\"name\":\"web\""));
        assertEquals("web-team", ssh("admin", password, "windlass:project-config web owner").out().strip());
        ssh("admin", password, "windlass:project-delete web");
        assertEquals(404, get("/api/48/project/web", "Authorization", auth).statusCode());
        assertTrue(ssh("admin", password, "windlass:project-list").out().contains("ops"));
        assertTrue("the embedded H2 database is in the data directory", Files.exists(karafData().resolve("windlass/db/windlass.mv.db")));
    }

    @Test
    public void keyStorageKeepsSecretsWriteOnlyAndEncryptedAtRest() throws Exception {
        String auth = basic("admin", readInitialPassword());
        String pwType = "application/x-rundeck-data-password";
        await().atMost(WAIT).until(() -> get("/api/48/storage/keys", "Authorization", auth).statusCode() == 200);
        HttpResponse<String> created = send("POST", "/api/48/storage/keys/project/ops/db.password", "s3cr3t-Plaintext-Value",
                "Authorization", auth, "Content-Type", pwType);
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.body(), created.body().contains("\"Rundeck-key-type\":\"password\""));
        assertTrue(created.body(), created.body().contains("\"Rundeck-content-mask\":\"content\""));
        assertFalse(created.body().contains("s3cr3t"));
        assertEquals(409, send("POST", "/api/48/storage/keys/project/ops/db.password", "x", "Authorization", auth, "Content-Type", pwType).statusCode());

        HttpResponse<String> meta = get("/api/48/storage/keys/project/ops/db.password", "Authorization", auth);
        assertEquals(200, meta.statusCode());
        assertFalse(meta.body().contains("s3cr3t"));
        assertEquals(403, get("/api/48/storage/keys/project/ops/db.password", "Authorization", auth, "Accept", pwType).statusCode());

        assertEquals(201, send("POST", "/api/48/storage/keys/project/ops/id_rsa.pub", "ssh-rsa AAAAB3Nza test@host",
                "Authorization", auth, "Content-Type", "application/pgp-keys").statusCode());
        assertEquals("ssh-rsa AAAAB3Nza test@host",
                get("/api/48/storage/keys/project/ops/id_rsa.pub", "Authorization", auth, "Accept", "application/pgp-keys").body());
        HttpResponse<String> dir = get("/api/48/storage/keys/project/ops", "Authorization", auth);
        assertTrue(dir.body(), dir.body().contains("\"path\":\"keys/project/ops/id_rsa.pub\""));
        assertTrue(get("/api/48/storage/keys", "Authorization", auth).body().contains("\"path\":\"keys/project\""));

        // the bytes in the database are not the plaintext
        javax.sql.DataSource ds = bundleContext.getService(bundleContext.getServiceReferences(javax.sql.DataSource.class, "(dataSourceName=windlass)").iterator().next());
        try (java.sql.Connection c = ds.getConnection();
             java.sql.PreparedStatement st = c.prepareStatement("SELECT content FROM wl_key WHERE path = ?")) {
            st.setString(1, "keys/project/ops/db.password");
            try (java.sql.ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next());
                byte[] stored = rs.getBytes(1);
                assertFalse(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1).contains("s3cr3t-Plaintext-Value"));
                assertTrue(stored.length >= "s3cr3t-Plaintext-Value".length() + 28);
            }
        }

        HttpResponse<String> badType = send("POST", "/api/48/storage/keys/x", "v", "Authorization", auth, "Content-Type", "text/plain");
        assertEquals(400, badType.statusCode());
        assertTrue(badType.body(), badType.body().contains("text/plain"));
        HttpResponse<String> badPath = send("POST", "/api/48/storage/keys/a$b/c", "v", "Authorization", auth, "Content-Type", pwType);
        assertEquals(400, badPath.statusCode());
        assertTrue(badPath.body(), badPath.body().contains("a$b"));
        assertEquals(413, send("POST", "/api/48/storage/keys/big", "x".repeat(300 * 1024), "Authorization", auth, "Content-Type", pwType).statusCode());
        assertEquals(404, send("PUT", "/api/48/storage/keys/absent", "v", "Authorization", auth, "Content-Type", pwType).statusCode());
        assertEquals(404, get("/api/48/storage/keys/absent", "Authorization", auth).statusCode());

        // shell: put from a file, list, info, re-encrypt, delete; the engine's resolver still reads it
        String password = readInitialPassword();
        Path secretFile = Files.createTempFile("secret", ".txt");
        Files.writeString(secretFile, "from-a-file");
        SshResult put = ssh("admin", password, "windlass:key-put -t password -f " + secretFile + " keys/shell/pw");
        assertTrue(put.out() + put.err(), put.out().contains("Stored keys/shell/pw"));
        assertTrue(ssh("admin", password, "windlass:key-list keys/shell").out().contains("keys/shell/pw"));
        SshResult info = ssh("admin", password, "windlass:key-info keys/shell/pw");
        assertTrue(info.out(), info.out().contains("password"));
        assertFalse(info.out().contains("from-a-file"));
        SshResult rotate = ssh("admin", password, "windlass:keys-reencrypt");
        assertTrue(rotate.out() + rotate.err(), rotate.out().contains("Re-encrypted 3 entries"));
        org.windlass.api.storage.SecretResolver secrets = bundleContext.getService(
                bundleContext.getServiceReference(org.windlass.api.storage.SecretResolver.class));
        assertEquals("from-a-file", new String(secrets.read("keys/shell/pw"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("s3cr3t-Plaintext-Value", new String(secrets.read("keys/project/ops/db.password"), java.nio.charset.StandardCharsets.UTF_8));
        ssh("admin", password, "windlass:key-delete keys/shell/pw");
        assertEquals(404, get("/api/48/storage/keys/shell/pw", "Authorization", auth).statusCode());
        String log = Files.readString(karafData().resolve("log/karaf.log"));
        assertFalse("no secret is ever logged", log.contains("s3cr3t-Plaintext-Value") || log.contains("from-a-file"));
    }

    @Test
    public void nodesComeFromAFileSourceAndAreFilteredAsRundeckDoes() throws Exception {
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        Path nodesFile = Files.createTempFile(Path.of(System.getProperty("karaf.base")), "nodes", ".yaml");
        Files.writeString(nodesFile, "web01:\n  hostname: 10.0.0.5\n  username: deploy\n  tags: web, prod\n  osFamily: unix\n"
                + "web02:\n  hostname: 10.0.0.6\n  tags: [web, dev]\ndb1:\n  hostname: db1.example.com\n  tags: db\n");
        String body = "{\"name\":\"nodes-demo\",\"config\":{\"resources.source.1.type\":\"file\","
                + "\"resources.source.1.config.file\":\"" + nodesFile + "\",\"project.nodeCache.delay\":\"0\"}}";
        assertEquals(201, send("POST", "/api/48/projects", body, "Authorization", auth, "Content-Type", JSON).statusCode());

        HttpResponse<String> all = get("/api/48/project/nodes-demo/resources", "Authorization", auth);
        assertEquals(all.body(), 200, all.statusCode());
        assertTrue(all.body(), all.body().contains("\"web01\"") && all.body().contains("\"db1\""));
        assertTrue("the member's own node is always there", all.body().contains("\"windlass-member-uuid\" : \"" + identity.uuid() + "\""));
        String filter = java.net.URLEncoder.encode("tags: web+prod", java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> web = get("/api/48/project/nodes-demo/resources?filter=" + filter, "Authorization", auth);
        assertTrue(web.body(), web.body().contains("web01") && !web.body().contains("web02") && !web.body().contains("db1"));
        HttpResponse<String> yaml = get("/api/48/project/nodes-demo/resources?format=yaml&filter=db1", "Authorization", auth);
        assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("text/yaml"));
        assertTrue(yaml.body(), yaml.body().contains("hostname: db1.example.com"));
        HttpResponse<String> xml = get("/api/48/project/nodes-demo/resource/web01", "Authorization", auth, "Accept", "application/xml");
        assertTrue(xml.body(), xml.body().contains("<node name=\"web01\""));
        HttpResponse<String> badFilter = get("/api/48/project/nodes-demo/resources?filter=" + java.net.URLEncoder.encode("name: [", java.nio.charset.StandardCharsets.UTF_8),
                "Authorization", auth);
        assertEquals(400, badFilter.statusCode());
        assertTrue(badFilter.body(), badFilter.body().contains("invalid node filter"));

        // a broken file: the last good nodes stay, and the failure is visible
        Files.writeString(nodesFile, "web01:\n  username: nobody\n");
        // stale nodes are served while a background reload runs; it records the failure
        HttpResponse<String> sources = await().atMost(WAIT).until(() -> {
            get("/api/48/project/nodes-demo/resources", "Authorization", auth);
            return get("/api/48/project/nodes-demo/sources", "Authorization", auth);
        }, r -> r.body().contains("\"status\":\"failed\""));
        assertTrue(sources.body(), sources.body().contains("hostname is missing"));
        HttpResponse<String> still = get("/api/48/project/nodes-demo/resources", "Authorization", auth);
        assertTrue(still.body(), still.body().contains("db1"));
        SshResult shell = ssh("admin", readInitialPassword(), "windlass:node-sources -p nodes-demo");
        assertTrue(shell.out(), shell.out().contains("failed"));
        SshResult list = ssh("admin", readInitialPassword(), "windlass:nodes -p nodes-demo -f db.*");
        assertTrue(list.out() + list.err(), list.out().contains("db1.example.com") && !list.out().contains("web01"));
    }

    @Test
    public void scriptAndUrlSourcesAgainstARealScriptAndARealHttpServer() throws Exception {
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        Path script = Path.of(System.getProperty("karaf.base"), "cmdb-nodes.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1:\"\necho \"  hostname: $1.example.com\"\necho \"  tags: from-script\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        java.util.concurrent.atomic.AtomicInteger httpStatus = new java.util.concurrent.atomic.AtomicInteger(200);
        java.util.concurrent.atomic.AtomicInteger conditional = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/nodes.json", exchange -> {
            if (httpStatus.get() != 200) {
                exchange.sendResponseHeaders(httpStatus.get(), -1);
            } else if ("\"n1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                conditional.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
            } else {
                byte[] body = "{\"api01\": {\"hostname\": \"api01.example.com\", \"tags\": \"from-url\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("ETag", "\"n1\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/nodes.json";
            String body = "{\"name\":\"sources-demo\",\"config\":{\"project.nodeCache.delay\":\"0\","
                    + "\"resources.source.1.type\":\"script\",\"resources.source.1.config.file\":\"" + script + "\","
                    + "\"resources.source.1.config.args\":\"batch01\",\"resources.source.1.config.format\":\"resourceyaml\","
                    + "\"resources.source.2.type\":\"url\",\"resources.source.2.config.url\":\"" + url + "\"}}";
            assertEquals(201, send("POST", "/api/48/projects", body, "Authorization", auth, "Content-Type", JSON).statusCode());
            HttpResponse<String> nodes = get("/api/48/project/sources-demo/resources", "Authorization", auth);
            assertTrue(nodes.body(), nodes.body().contains("batch01.example.com") && nodes.body().contains("api01.example.com"));
            await("the URL revalidated with its ETag").atMost(WAIT).until(() -> {
                get("/api/48/project/sources-demo/resources", "Authorization", auth);
                return conditional.get() >= 1;
            });

            httpStatus.set(500);
            await("the HTTP error recorded").atMost(WAIT).until(() -> {
                get("/api/48/project/sources-demo/resources", "Authorization", auth);
                return get("/api/48/project/sources-demo/sources", "Authorization", auth).body().contains("answered 500");
            });
            HttpResponse<String> kept = get("/api/48/project/sources-demo/resources", "Authorization", auth);
            assertTrue("last good nodes stay", kept.body().contains("api01.example.com"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    public void aWriteableFileSourceIsEditedThroughTheApi() throws Exception {
        String auth = basic("admin", readInitialPassword());
        awaitStorage(auth);
        Path file = Path.of(System.getProperty("karaf.base"), "editable-nodes.xml");
        String body = "{\"name\":\"editable\",\"config\":{\"project.nodeCache.delay\":\"0\","
                + "\"resources.source.1.type\":\"file\",\"resources.source.1.config.file\":\"" + file + "\","
                + "\"resources.source.1.config.writeable\":\"true\","
                + "\"resources.source.2.type\":\"file\",\"resources.source.2.config.file\":\"" + file + ".ro.xml\"}}";
        assertEquals(201, send("POST", "/api/48/projects", body, "Authorization", auth, "Content-Type", JSON).statusCode());
        HttpResponse<String> written = send("POST", "/api/48/project/editable/source/1/resources",
                "app01:\n  hostname: app01.example.com\n  tags: app\n", "Authorization", auth, "Content-Type", "text/yaml");
        assertEquals(written.body(), 200, written.statusCode());
        assertTrue(written.body(), written.body().contains("app01.example.com"));
        assertTrue(Files.readString(file).contains("<node name=\"app01\""));
        assertTrue(get("/api/48/project/editable/resources", "Authorization", auth).body().contains("app01.example.com"));
        HttpResponse<String> readOnly = send("POST", "/api/48/project/editable/source/2/resources",
                "x:\n  hostname: x\n", "Authorization", auth, "Content-Type", "text/yaml");
        assertEquals(400, readOnly.statusCode());
        assertTrue(readOnly.body(), readOnly.body().contains("not writeable"));
        HttpResponse<String> broken = send("POST", "/api/48/project/editable/source/1/resources",
                "x:\n  username: nobody\n", "Authorization", auth, "Content-Type", "text/yaml");
        assertEquals(400, broken.statusCode());
        assertTrue(broken.body(), broken.body().contains("hostname is missing"));
        assertTrue("a rejected document changes nothing", Files.readString(file).contains("app01"));
    }

    @Test
    public void theMemberUuidIsAUuid() {
        assertNotEquals("", identity.uuid());
        assertEquals(identity.uuid(), java.util.UUID.fromString(identity.uuid()).toString());
    }

    private Optional<Bundle> bundle(String bsn) {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return m.group(1);
    }
}

package org.windlass.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The realm's LDAP login module in the booted distribution, against a real LDAP server speaking
 * the protocol over TCP on loopback (UnboundID's in-memory directory server, started by the test):
 * a directory user logs in on the REST API, the web login form, the web console and the SSH shell
 * with its directory groups as roles; the realm file's users still log in when the directory is
 * away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LdapLoginTest extends WindlassTestSupport {

    private static InMemoryDirectoryServer directory;

    @Configuration
    public Option[] config() {
        int port = freePort();
        String cfg = "etc/org.windlass.security.cfg";
        List<Option> options = baseOptions();
        options.add(mavenBundle("com.unboundid", "unboundid-ldapsdk", System.getProperty("windlass.unboundidVersion")).startLevel(20));
        options.add(systemProperty("windlass.itest.ldapPort").value(Integer.toString(port)));
        options.add(editConfigurationFilePut(cfg, "realm.modules", "ldap:sufficient, file:sufficient, database:sufficient"));
        options.add(editConfigurationFilePut(cfg, "ldap.providerUrl", "ldap://127.0.0.1:" + port + "/"));
        options.add(editConfigurationFilePut(cfg, "ldap.bindDn", "cn=windlass,ou=services,dc=example,dc=com"));
        options.add(editConfigurationFilePut(cfg, "ldap.bindPassword", "Bind-pw-1234"));
        options.add(editConfigurationFilePut(cfg, "ldap.forceBindingLogin", "true"));
        options.add(editConfigurationFilePut(cfg, "ldap.userBaseDn", "ou=people,dc=example,dc=com"));
        options.add(editConfigurationFilePut(cfg, "ldap.userRdnAttribute", "uid"));
        options.add(editConfigurationFilePut(cfg, "ldap.userIdAttribute", "uid"));
        options.add(editConfigurationFilePut(cfg, "ldap.roleBaseDn", "ou=roles,dc=example,dc=com"));
        options.add(editConfigurationFilePut(cfg, "ldap.roleNameAttribute", "cn"));
        options.add(editConfigurationFilePut(cfg, "ldap.timeoutConnect", "2000"));
        options.add(editConfigurationFilePut(cfg, "ldap.timeoutRead", "2000"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void startDirectory() throws Exception {
        if (directory != null) {
            return;
        }
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", java.net.InetAddress.getLoopbackAddress(),
                Integer.getInteger("windlass.itest.ldapPort"), null));
        config.setSchema(null);
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        for (String ou : List.of("people", "roles", "services")) {
            directory.add("dn: ou=" + ou + ",dc=example,dc=com", "objectClass: top", "objectClass: organizationalUnit", "ou: " + ou);
        }
        directory.add("dn: cn=windlass,ou=services,dc=example,dc=com", "objectClass: top", "objectClass: person",
                "cn: windlass", "sn: service", "userPassword: Bind-pw-1234");
        person("lara", "Lara-pw-1234");
        person("lou", "Lou-pw-1234");
        group("admin", "lara");
        group("ops", "lara", "lou");
        directory.startListening();
        // pax-exam runs @AfterClass after every test method: the listener ends with the container
        Runtime.getRuntime().addShutdownHook(new Thread(() -> directory.shutDown(true)));
    }

    private static void person(String uid, String password) throws Exception {
        directory.add("dn: uid=" + uid + ",ou=people,dc=example,dc=com", "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid, "sn: " + uid,
                "userPassword: " + password);
    }

    private static void group(String cn, String... uids) throws Exception {
        String[] lines = new String[3 + uids.length];
        lines[0] = "dn: cn=" + cn + ",ou=roles,dc=example,dc=com";
        lines[1] = "objectClass: groupOfUniqueNames";
        lines[2] = "cn: " + cn;
        for (int i = 0; i < uids.length; i++) {
            lines[3 + i] = "uniqueMember: uid=" + uids[i] + ",ou=people,dc=example,dc=com";
        }
        directory.add(lines);
    }

    @Test
    public void aDirectoryUserLogsInEverywhereWithItsGroupsAndTheRealmFileStillWorksWithoutTheDirectory() throws Exception {
        String lara = basic("lara", "Lara-pw-1234");
        HttpResponse<String> info = get("/api/48/system/info", "Authorization", lara);
        assertEquals(info.body(), 200, info.statusCode());
        assertEquals(200, get("/system/console/bundles", "Authorization", lara).statusCode());
        SshResult shell = ssh("lara", "Lara-pw-1234", "windlass:member-info");
        assertEquals(shell.err(), 0, shell.exitStatus());
        HttpResponse<String> form = send("POST", "/j_security_check", "j_username=lara&j_password=Lara-pw-1234",
                "Content-Type", "application/x-www-form-urlencoded");
        assertTrue(form.headers().firstValue("Location").orElse("").contains("/system/info"));
        // a token made by a directory user carries its directory groups
        HttpResponse<String> token = send("POST", "/api/48/tokens", "{}", "Authorization", lara, "Content-Type", JSON);
        assertEquals(token.body(), 201, token.statusCode());
        assertTrue(token.body(), token.body().contains("\"admin\"") && token.body().contains("\"ops\""));
        // lou: logged in, in ops only, which the shipped policy grants nothing
        assertEquals(403, get("/api/48/system/info", "Authorization", basic("lou", "Lou-pw-1234")).statusCode());
        assertEquals(401, get("/api/48/system/info", "Authorization", basic("lara", "wrong-pw-1234")).statusCode());

        // the directory goes away: its users cannot log in, the realm file's admin still can
        directory.shutDown(true);
        try {
            assertEquals(401, get("/api/48/system/info", "Authorization", lara).statusCode());
            assertEquals(200, get("/api/48/system/info", "Authorization", basic("admin", readInitialPassword())).statusCode());
        } finally {
            directory.startListening();
        }
        assertEquals(200, get("/api/48/system/info", "Authorization", lara).statusCode());
    }
}

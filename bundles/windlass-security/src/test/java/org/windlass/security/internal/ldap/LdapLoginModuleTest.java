package org.windlass.security.internal.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;

/**
 * Drives {@link LdapLoginModule} against UnboundID's in-memory directory server, which speaks LDAP over TCP on
 * the loopback interface, loaded with {@code ldap/directory.ldif}.
 */
class LdapLoginModuleTest {

    private static final String BIND_DN = "cn=binder,dc=example,dc=com";
    private static final String ALICE_DN = "uid=alice,ou=people,dc=example,dc=com";
    private static final String GINA_DN = "uid=gina,ou=contractors,ou=people,dc=example,dc=com";

    private static InMemoryDirectoryServer server;
    private static String url;
    private static final Operations operations = new Operations();

    /** Counts the binds (by DN, lower case) and searches the server receives. */
    static final class Operations extends InMemoryOperationInterceptor {
        final Map<String, AtomicInteger> binds = new ConcurrentHashMap<>();
        final AtomicInteger searches = new AtomicInteger();

        @Override
        public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
            binds.computeIfAbsent(request.getRequest().getBindDN().toLowerCase(Locale.ROOT), k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            searches.incrementAndGet();
        }

        int binds(String dn) {
            AtomicInteger n = binds.get(dn.toLowerCase(Locale.ROOT));
            return n == null ? 0 : n.get();
        }

        int allBinds() {
            return binds.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), 0, null));
        // the standard schema has no RFC 2307 (posixGroup, memberUid): add what the directory uses
        Schema posix = new Schema(new Entry(
                "dn: cn=schema",
                "objectClass: top",
                "objectClass: subschema",
                "cn: schema",
                "attributeTypes: ( 1.3.6.1.1.1.1.1 NAME 'gidNumber' EQUALITY integerMatch"
                        + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )",
                "attributeTypes: ( 1.3.6.1.1.1.1.12 NAME 'memberUid' EQUALITY caseExactIA5Match"
                        + " SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )",
                "objectClasses: ( 1.3.6.1.1.1.2.2 NAME 'posixGroup' SUP top STRUCTURAL MUST ( cn $ gidNumber )"
                        + " MAY ( userPassword $ memberUid $ description ) )"));
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), posix));
        config.addInMemoryOperationInterceptor(operations);
        server = new InMemoryDirectoryServer(config);
        try (InputStream ldif = LdapLoginModuleTest.class.getResourceAsStream("/ldap/directory.ldif")) {
            server.importFromLDIF(true, new LDIFReader(ldif));
        }
        server.startListening();
        url = "ldap://127.0.0.1:" + server.getListenPort() + "/";
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.shutDown(true);
        }
    }

    @BeforeEach
    void emptyTheCache() {
        LdapLoginModule.CACHE.clear();
    }

    // ---- helpers

    /** The options most tests use, changed by key/value pairs (a null value removes the option). */
    private static Map<String, String> options(String... changes) {
        Map<String, String> options = new HashMap<>();
        options.put("providerUrl", url);
        options.put("bindDn", BIND_DN);
        options.put("bindPassword", "binder-secret");
        options.put("authenticationMethod", "simple");
        options.put("forceBindingLogin", "true");
        options.put("userBaseDn", "ou=people,dc=example,dc=com");
        options.put("userRdnAttribute", "uid");
        options.put("userIdAttribute", "cn");
        options.put("userObjectClass", "inetOrgPerson");
        options.put("roleBaseDn", "ou=roles,dc=example,dc=com");
        options.put("roleNameAttribute", "cn");
        options.put("roleMemberAttribute", "uniqueMember");
        options.put("roleObjectClass", "groupOfUniqueNames");
        options.put("timeoutConnect", "3000");
        options.put("timeoutRead", "10000");
        options.put("reportStatistics", "true");
        for (int i = 0; i < changes.length; i += 2) {
            if (changes[i + 1] == null) {
                options.remove(changes[i]);
            } else {
                options.put(changes[i], changes[i + 1]);
            }
        }
        return options;
    }

    private static CallbackHandler credentials(String user, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback secret) {
                    secret.setPassword(password == null ? null : password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    private static Subject login(Map<String, String> options, String user, String password) throws LoginException {
        Subject subject = new Subject();
        LdapLoginModule module = new LdapLoginModule();
        module.initialize(subject, credentials(user, password), new HashMap<>(), options);
        assertTrue(module.login());
        assertTrue(module.commit());
        assertEquals(Set.of(user), names(subject, UserPrincipal.class));
        return subject;
    }

    private static Set<String> roles(Map<String, String> options, String user, String password) throws LoginException {
        return names(login(options, user, password), RolePrincipal.class);
    }

    /** A login that must fail: the exception, after checking that commit() then adds nothing. */
    private static LoginException failure(Map<String, String> options, String user, String password) {
        Subject subject = new Subject();
        LdapLoginModule module = new LdapLoginModule();
        module.initialize(subject, credentials(user, password), new HashMap<>(), options);
        LoginException e = assertThrows(LoginException.class, module::login);
        assertFalse(module.commit());
        assertTrue(module.abort());
        assertTrue(subject.getPrincipals().isEmpty(), subject.getPrincipals().toString());
        if (password != null && !password.isEmpty()) {
            assertFalse(e.getMessage().contains(password), "the message must not show the password: " + e.getMessage());
        }
        return e;
    }

    private static Set<String> names(Subject subject, Class<? extends Principal> type) {
        return subject.getPrincipals(type).stream().map(Principal::getName).collect(Collectors.toSet());
    }

    private static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ---- logins that work

    @Test
    void aliceLogsInByBindingAndGetsHerGroupsAndTheSupplementalRoles() throws Exception {
        int aliceBinds = operations.binds(ALICE_DN);
        Set<String> roles = roles(options("supplementalRoles", "user, viewer,,"), "alice", "alice-secret");
        assertEquals(Set.of("admin", "ops", "user", "viewer"), roles);
        assertEquals(aliceBinds + 1, operations.binds(ALICE_DN), "the password is checked by binding as alice");
    }

    @Test
    void bobGetsOnlyHisGroups() throws Exception {
        assertEquals(Set.of("ops", "auditors"), roles(options(), "bob", "bob-secret"));
    }

    @Test
    void aUserNameWithAStarMatchesOnlyItself() throws Exception {
        assertEquals(Set.of("starred"), roles(options(), "star*user", "star-secret"));
    }

    @Test
    void aUserInASubBranchIsFoundAndBindsWithTheDnOfItsEntry() throws Exception {
        int ginaBinds = operations.binds(GINA_DN);
        assertEquals(Set.of("ops"), roles(options(), "gina", "gina-secret"));
        assertEquals(ginaBinds + 1, operations.binds(GINA_DN));
    }

    @Test
    void searchesMayBeAnonymous() throws Exception {
        assertEquals(Set.of("admin", "ops"), roles(options("bindDn", null, "bindPassword", null), "alice", "alice-secret"));
    }

    @Test
    void withoutRoleBaseDnOnlySupplementalRolesAreGiven() throws Exception {
        assertEquals(Set.of("user"), roles(options("roleBaseDn", null, "supplementalRoles", "user"), "alice", "alice-secret"));
    }

    @Test
    void rolesByMemberUid() throws Exception {
        Map<String, String> options = options("roleBaseDn", "ou=unixgroups,dc=example,dc=com", "roleObjectClass", "posixGroup",
                "roleUsernameMemberAttribute", "memberUid");
        assertEquals(Set.of("deploy"), roles(options, "alice", "alice-secret"));
        assertEquals(Set.of("deploy", "dba"), roles(options, "bob", "bob-secret"));
    }

    @Test
    void rolePrefixIsStrippedWhereItIsPresent() throws Exception {
        Map<String, String> options = options("roleBaseDn", "ou=prefixed,dc=example,dc=com", "rolePrefix", "rd_");
        assertEquals(Set.of("admin", "ops", "other"), roles(options, "alice", "alice-secret"));
        assertEquals(Set.of("rd_admin", "RD_ops", "other"),
                roles(options("roleBaseDn", "ou=prefixed,dc=example,dc=com"), "alice", "alice-secret"));
    }

    @Test
    void nestedGroupsGiveTheRolesOfTheGroupsTheyAreMembersOf() throws Exception {
        Map<String, String> nested = options("nestedGroups", "true");
        assertEquals(Set.of("admin", "ops", "staff", "everyone"), roles(nested, "alice", "alice-secret"));
        assertEquals(Set.of("ops", "auditors", "staff", "everyone"), roles(nested, "bob", "bob-secret"));
        assertEquals(Set.of("admin", "ops"), roles(options("nestedGroups", "false"), "alice", "alice-secret"));
    }

    @ParameterizedTest
    @CsvSource({"alice, alice-secret", "dave, dave-secret", "erin, erin-secret", "frank, frank-secret"})
    void withoutForceBindingLoginThePasswordIsComparedWithUserPassword(String user, String password) throws Exception {
        Map<String, String> compare = options("forceBindingLogin", "false", "userPasswordAttribute", "userPassword");
        int userBinds = operations.binds("uid=" + user + ",ou=people,dc=example,dc=com");
        Subject subject = login(compare, user, password);
        assertEquals(Set.of(user), names(subject, UserPrincipal.class));
        assertEquals(userBinds, operations.binds("uid=" + user + ",ou=people,dc=example,dc=com"), "no bind as the user");
        LoginException wrong = failure(compare, user, password + "x");
        assertEquals(FailedLoginException.class, wrong.getClass());
        assertEquals("LDAP login failed for user " + user + ": invalid password", wrong.getMessage());
    }

    @Test
    void hashedPasswordsCannotBeUsedAsTheyAreStored() {
        // with forceBindingLogin=false, sending the stored hash itself must not work
        LoginException e = failure(options("forceBindingLogin", "false"), "dave", "{SSHA}lcF6JkP6BSDc/HLVWNty2/8GT8gKGyw9Tl9gcQ==");
        assertEquals("LDAP login failed for user dave: invalid password", e.getMessage());
    }

    @Test
    void severalProviderUrlsAreTriedInTurn() throws Exception {
        String dead = "ldap://127.0.0.1:" + deadPort() + "/";
        assertEquals(Set.of("admin", "ops"), roles(options("providerUrl", dead + " " + url), "alice", "alice-secret"));
    }

    // ---- logins that fail

    @Test
    void aWrongPasswordFails() {
        LoginException e = failure(options(), "alice", "not-alice-secret");
        assertEquals(FailedLoginException.class, e.getClass());
        assertEquals("LDAP login failed for user alice: invalid password", e.getMessage());
    }

    @Test
    void anUnknownUserFails() {
        LoginException e = failure(options(), "mallory", "alice-secret");
        assertEquals(FailedLoginException.class, e.getClass());
        assertEquals("LDAP login failed for user mallory: no such user", e.getMessage());
    }

    @Test
    void anEmptyPasswordFailsWithoutAnyBind() {
        int binds = operations.allBinds();
        for (String empty : new String[] {"", null}) {
            LoginException e = failure(options(), "alice", empty);
            assertEquals(FailedLoginException.class, e.getClass());
            assertEquals("LDAP login failed for user alice: empty password", e.getMessage());
            // the same without a bind DN, where an anonymous bind would otherwise be made
            e = failure(options("bindDn", null, "bindPassword", null), "alice", empty);
            assertEquals("LDAP login failed for user alice: empty password", e.getMessage());
        }
        assertEquals(binds, operations.allBinds());
    }

    @Test
    void aNameMatchingSeveralEntriesFails() {
        for (String password : new String[] {"twin-one", "twin-two"}) {
            LoginException e = failure(options(), "twin", password);
            assertEquals(FailedLoginException.class, e.getClass());
            assertEquals("LDAP login failed for user twin: the name matches several entries", e.getMessage());
        }
    }

    @Test
    void anEmptyUserNameFails() {
        LoginException e = failure(options(), "", "alice-secret");
        assertEquals(FailedLoginException.class, e.getClass());
        assertEquals("LDAP login failed: no user name given", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "al*", "alice)(uid=*", "*)(cn=*", "alice)(|(cn=*", "star*", "alice\\2a", "alice\\"})
    void filterInjectionFindsNoUser(String name) {
        int aliceBinds = operations.binds(ALICE_DN);
        LoginException e = failure(options(), name, "alice-secret");
        assertEquals(FailedLoginException.class, e.getClass());
        assertEquals("LDAP login failed for user " + name + ": no such user", e.getMessage());
        assertEquals(aliceBinds, operations.binds(ALICE_DN));
    }

    // ---- infrastructure problems

    @Test
    void anUnreachableServerIsALoginExceptionNamingTheUrl() throws Exception {
        String dead = "ldap://127.0.0.1:" + deadPort() + "/";
        LoginException e = failure(options("providerUrl", dead), "alice", "alice-secret");
        assertEquals(LoginException.class, e.getClass(), "not a FailedLoginException: " + e);
        assertTrue(e.getMessage().startsWith("cannot reach the LDAP server " + dead + " (option providerUrl): "), e.getMessage());
    }

    @Test
    void aWrongBindPasswordIsALoginExceptionNamingTheBindDn() {
        LoginException e = failure(options("bindPassword", "wrong-binder-secret"), "alice", "alice-secret");
        assertEquals(LoginException.class, e.getClass(), "not a FailedLoginException: " + e);
        assertTrue(e.getMessage().startsWith("the LDAP server " + url + " refused the bind as bindDn '" + BIND_DN + "' ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): check the bindDn and bindPassword options"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-binder-secret"));
    }

    @Test
    void aMissingUserBaseIsALoginExceptionNamingTheOption() {
        LoginException e = failure(options("userBaseDn", "ou=nobody,dc=example,dc=com"), "alice", "alice-secret");
        assertEquals(LoginException.class, e.getClass());
        assertEquals("the userBaseDn 'ou=nobody,dc=example,dc=com' does not exist on the LDAP server " + url, e.getMessage());
    }

    @Test
    void badOptionsAreLoginExceptionsNamingTheOption() {
        LoginException e = failure(options("providerUrl", null), "alice", "alice-secret");
        assertEquals(LoginException.class, e.getClass());
        assertEquals("the LDAP login module is misconfigured: option providerUrl is required (e.g. ldap://ldap.example.com:389/)",
                e.getMessage());
        e = failure(options("providerUrl", "http://127.0.0.1/", "cacheDurationMillis", "soon", "roleBaseDn", "not a dn",
                "bindPassword", null), "alice", "alice-secret");
        assertEquals("the LDAP login module is misconfigured: option providerUrl has 'http://127.0.0.1/', which is not an"
                + " ldap:// or ldaps:// URL; option bindDn is set but bindPassword is empty; option roleBaseDn has 'not a dn',"
                + " which is not a DN; option cacheDurationMillis must be a number of milliseconds, not 'soon'", e.getMessage());
        e = failure(options("userIdAttribute", "cn=*)(x"), "alice", "alice-secret");
        assertEquals("the LDAP login module is misconfigured: option userIdAttribute has 'cn=*)(x', which is not an LDAP"
                + " attribute name", e.getMessage());
    }

    // ---- cache

    @Test
    void aCachedLoginDoesNotAskTheDirectoryAgainButAnotherPasswordDoes() throws Exception {
        Map<String, String> cached = options("cacheDurationMillis", "60000", "supplementalRoles", "user");
        int aliceBinds = operations.binds(ALICE_DN);
        assertEquals(Set.of("admin", "ops", "user"), roles(cached, "alice", "alice-secret"));
        int searches = operations.searches.get();
        int binds = operations.allBinds();
        assertEquals(aliceBinds + 1, operations.binds(ALICE_DN));

        assertEquals(Set.of("admin", "ops", "user"), roles(cached, "alice", "alice-secret"));
        assertEquals(searches, operations.searches.get(), "the second login is answered from the cache");
        assertEquals(binds, operations.allBinds(), "the second login is answered from the cache");

        LoginException wrong = failure(cached, "alice", "alice-secret-2");
        assertEquals("LDAP login failed for user alice: invalid password", wrong.getMessage());
        assertEquals(aliceBinds + 2, operations.binds(ALICE_DN), "another password goes to the directory");

        // without the option nothing is cached
        roles(options(), "alice", "alice-secret");
        assertEquals(aliceBinds + 3, operations.binds(ALICE_DN));
        assertEquals(1, LdapLoginModule.CACHE.size());
    }

    @Test
    void cachedLoginsExpire() throws Exception {
        Map<String, String> cached = options("cacheDurationMillis", "1");
        int aliceBinds = operations.binds(ALICE_DN);
        roles(cached, "alice", "alice-secret");
        Thread.sleep(20);
        roles(cached, "alice", "alice-secret");
        assertEquals(aliceBinds + 2, operations.binds(ALICE_DN));
    }

    @Test
    void theCacheIsNotSharedBetweenDifferentConfigurations() throws Exception {
        roles(options("cacheDurationMillis", "60000"), "alice", "alice-secret");
        int aliceBinds = operations.binds(ALICE_DN);
        assertEquals(Set.of("admin", "ops", "staff", "everyone"),
                roles(options("cacheDurationMillis", "60000", "nestedGroups", "true"), "alice", "alice-secret"));
        assertEquals(aliceBinds + 1, operations.binds(ALICE_DN));
    }

    // ---- logout

    @Test
    void logoutRemovesOnlyThePrincipalsTheModuleAdded() throws Exception {
        Subject subject = new Subject();
        Principal other = new UserPrincipal("from-another-module");
        subject.getPrincipals().add(other);
        LdapLoginModule module = new LdapLoginModule();
        module.initialize(subject, credentials("alice", "alice-secret"), new HashMap<>(), options());
        assertTrue(module.login());
        assertTrue(module.commit());
        assertEquals(Set.of("alice", "from-another-module"), names(subject, UserPrincipal.class));
        assertEquals(Set.of("admin", "ops"), names(subject, RolePrincipal.class));
        assertTrue(module.logout());
        assertEquals(Set.of(other), subject.getPrincipals());
    }

    // ---- helpers of the module

    @Test
    void filterValuesAreEscapedAsRfc4515Requires() {
        assertEquals("a\\2ab\\28c\\29d\\5ce\\00f", LdapLoginModule.escapeFilterValue("a*b(c)d\\e\0f"));
        assertEquals("j\u00fcrgen", LdapLoginModule.escapeFilterValue("j\u00fcrgen"));
    }

    @Test
    void passwordSchemes() {
        char[] secret = "dave-secret".toCharArray();
        assertEquals(PasswordVerifier.Result.MATCH,
                PasswordVerifier.verify("{ssha}lcF6JkP6BSDc/HLVWNty2/8GT8gKGyw9Tl9gcQ==".getBytes(StandardCharsets.UTF_8), secret));
        assertEquals(PasswordVerifier.Result.MISMATCH, PasswordVerifier.verify("{SSHA}not base64!", secret));
        assertEquals(PasswordVerifier.Result.MISMATCH, PasswordVerifier.verify("{SSHA}", secret));
        assertEquals(PasswordVerifier.Result.UNSUPPORTED_SCHEME, PasswordVerifier.verify("{CRYPT}abcdefgh", secret));
        assertEquals(PasswordVerifier.Result.MATCH, PasswordVerifier.verify("dave-secret", secret));
        assertEquals(PasswordVerifier.Result.MISMATCH, PasswordVerifier.verify("dave-secret ", secret));
        assertEquals("dave-secret", new String(secret), "the candidate is left as it was");
    }
}

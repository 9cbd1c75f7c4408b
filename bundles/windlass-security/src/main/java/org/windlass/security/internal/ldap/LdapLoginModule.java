package org.windlass.security.internal.ldap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import javax.naming.AuthenticationException;
import javax.naming.CommunicationException;
import javax.naming.Context;
import javax.naming.InvalidNameException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.PartialResultException;
import javax.naming.ServiceUnavailableException;
import javax.naming.SizeLimitExceededException;
import javax.naming.directory.Attribute;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.LdapName;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.security.internal.PasswordLoginModule;

/**
 * A JAAS login module that authenticates against an LDAP directory or Active Directory and reads the user's
 * roles from group entries, with the options of Rundeck's {@code JettyCachingLdapLoginModule}. It uses only the
 * JDK's JNDI LDAP provider. On success the subject receives a Karaf {@link UserPrincipal} with the login name
 * and a {@link RolePrincipal} per role.
 *
 * <h2>How a login goes</h2>
 * <ol>
 * <li>An empty password is refused at once: an LDAP simple bind with an empty password is an anonymous bind
 * and would "succeed" for any user.</li>
 * <li>With {@code cacheDurationMillis > 0}, a still valid cached success for the same user name and password
 * is used without asking the directory.</li>
 * <li>The module connects to {@code providerUrl} as {@code bindDn} (anonymously when none is set) and searches
 * {@code userBaseDn} and its subtree for {@code (&(objectClass=<userObjectClass>)(<userIdAttribute>=<login name>))};
 * values put in filters are escaped as RFC 4515 requires, so a login name with {@code *}, {@code (}, {@code )} or
 * {@code \} matches only itself. No entry, or more than one, fails the login.</li>
 * <li>The password is checked: with {@code forceBindingLogin=true} by binding as the found entry's DN with
 * it, else by comparing it with the entry's {@code userPasswordAttribute} (see {@link PasswordVerifier} for
 * the schemes understood).</li>
 * <li>Roles: the entries of class {@code roleObjectClass} under {@code roleBaseDn} whose
 * {@code roleMemberAttribute} holds the user's DN (or, when {@code roleUsernameMemberAttribute} is set, whose
 * attribute of that name holds the login name), each giving the values of its {@code roleNameAttribute}; with
 * {@code nestedGroups=true}, then also every group that has such a group's DN in its {@code roleMemberAttribute},
 * recursively; then {@code supplementalRoles}.</li>
 * </ol>
 * A wrong password, an unknown or ambiguous user, or an empty password fail with a
 * {@link FailedLoginException}; a directory that cannot be reached, refuses {@code bindDn}, or options that make
 * no sense fail with a plain {@link LoginException} naming the server or option, logged once (repeats of the same
 * problem are logged at debug level until a login works again). Passwords are never logged nor put in messages.
 *
 * <h2>Options</h2>
 * All values are strings, as in a JAAS configuration file.
 * <table>
 * <caption>Options and their defaults</caption>
 * <tr><th>option</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code providerUrl}</td><td>(required)</td><td>LDAP URL(s) of the directory, e.g.
 * {@code ldap://ldap.example.com:389/} or {@code ldaps://...:636/}; several, separated by spaces, are tried in
 * turn. The URL should carry no DN: the base DNs below are full DNs.</td></tr>
 * <tr><td>{@code bindDn}</td><td>(none: anonymous)</td><td>DN used for the user and role searches</td></tr>
 * <tr><td>{@code bindPassword}</td><td>(none)</td><td>password of {@code bindDn}; required when it is set</td></tr>
 * <tr><td>{@code authenticationMethod}</td><td>{@code simple}</td><td>JNDI authentication mechanism for the
 * binds</td></tr>
 * <tr><td>{@code forceBindingLogin}</td><td>{@code false}</td><td>{@code true}: check the password by binding
 * as the user (recommended, and the only way with Active Directory); {@code false}: compare it with the
 * user's {@code userPasswordAttribute}, which {@code bindDn} must be allowed to read</td></tr>
 * <tr><td>{@code userBaseDn}</td><td>(empty: the directory root)</td><td>where users are searched, with its
 * subtree</td></tr>
 * <tr><td>{@code userRdnAttribute}</td><td>{@code uid}</td><td>attribute naming user entries; accepted for
 * compatibility: the user's DN is taken from the search result, which also works for users in
 * sub-branches</td></tr>
 * <tr><td>{@code userIdAttribute}</td><td>{@code cn}</td><td>attribute holding the login name, used to find
 * the user ({@code uid}, {@code sAMAccountName}...)</td></tr>
 * <tr><td>{@code userPasswordAttribute}</td><td>{@code userPassword}</td><td>attribute holding the password,
 * when {@code forceBindingLogin=false}: plain, or {@code {SHA}}, {@code {SSHA}} (and SHA-2 / MD5
 * variants)</td></tr>
 * <tr><td>{@code userObjectClass}</td><td>{@code inetOrgPerson}</td><td>object class of user entries</td></tr>
 * <tr><td>{@code roleBaseDn}</td><td>(none: no role lookup)</td><td>where groups are searched, with its
 * subtree</td></tr>
 * <tr><td>{@code roleNameAttribute}</td><td>{@code roleName}</td><td>attribute of a group giving the role name
 * (often {@code cn})</td></tr>
 * <tr><td>{@code roleMemberAttribute}</td><td>{@code uniqueMember}</td><td>attribute of a group holding
 * member DNs ({@code member} in AD; {@code member:1.2.840.113556.1.4.1941:} makes AD resolve nesting
 * itself)</td></tr>
 * <tr><td>{@code roleUsernameMemberAttribute}</td><td>(none)</td><td>when set, membership is by login name
 * in this attribute (e.g. {@code memberUid} of {@code posixGroup}) instead of by DN</td></tr>
 * <tr><td>{@code roleObjectClass}</td><td>{@code groupOfUniqueNames}</td><td>object class of group
 * entries</td></tr>
 * <tr><td>{@code rolePrefix}</td><td>(none)</td><td>removed from the start of role names that have it (case
 * ignored); other names are kept as they are</td></tr>
 * <tr><td>{@code cacheDurationMillis}</td><td>{@code 0} (no cache)</td><td>how long a successful login (user
 * name + password hash, and its roles) is remembered; the cache is shared by all instances and holds at most
 * {@value LoginCache#MAX_ENTRIES} entries</td></tr>
 * <tr><td>{@code supplementalRoles}</td><td>(none)</td><td>comma-separated roles given to every user who logs
 * in</td></tr>
 * <tr><td>{@code nestedGroups}</td><td>{@code false}</td><td>{@code true}: a group that is a member (by DN, in
 * {@code roleMemberAttribute}) of another group gives that group's role too, at any depth</td></tr>
 * <tr><td>{@code timeoutRead}</td><td>{@code 0} (JNDI default: none)</td><td>milliseconds to wait for an LDAP
 * answer ({@code com.sun.jndi.ldap.read.timeout})</td></tr>
 * <tr><td>{@code timeoutConnect}</td><td>{@code 0} (JNDI default: the system's)</td><td>milliseconds to wait
 * for a connection ({@code com.sun.jndi.ldap.connect.timeout})</td></tr>
 * <tr><td>{@code debug}, {@code reportStatistics}, {@code contextFactory}</td><td></td><td>accepted and
 * ignored (use the {@code org.windlass.security.internal.ldap} logger at debug level; the JDK's LDAP provider is
 * always used)</td></tr>
 * </table>
 */
public class LdapLoginModule extends PasswordLoginModule {

    private static final Logger LOG = LoggerFactory.getLogger(LdapLoginModule.class);
    private static final String LDAP_CONTEXT_FACTORY = "com.sun.jndi.ldap.LdapCtxFactory";
    static final String READ_TIMEOUT = "com.sun.jndi.ldap.read.timeout";
    static final String CONNECT_TIMEOUT = "com.sun.jndi.ldap.connect.timeout";

    /** Successful logins, shared by every instance (JAAS makes a new module for each login). */
    static final LoginCache CACHE = new LoginCache();
    /** The last infrastructure problem logged, so that a repeated one is not logged at error level again. */
    private static final AtomicReference<String> LAST_PROBLEM = new AtomicReference<>();

    private LdapOptions options;

    @Override
    protected String kind() {
        return "LDAP login";
    }

    @Override
    protected void configure(Map<String, ?> options) {
        this.options = LdapOptions.parse(options);
    }

    @Override
    protected Set<String> check(String login, char[] secret) throws LoginException {
        if (options == null) {
            throw new LoginException("the LDAP login module was not initialized");
        }
        if (options.error() != null) {
            throw problem("the LDAP login module is misconfigured: " + options.error(), null);
        }
        try {
            return authenticate(login, secret);
        } catch (FailedLoginException e) {
            LOG.debug("{}", e.getMessage());
            throw e;
        }
    }

    /** The user's roles, supplemental ones included, or an exception. */
    private Set<String> authenticate(String login, char[] secret) throws LoginException {
        String cacheKey = null;
        if (options.cacheDurationMillis > 0) {
            cacheKey = CACHE.key(options.fingerprint(), login, secret);
            Optional<Set<String>> cached = CACHE.get(cacheKey);
            if (cached.isPresent()) {
                LOG.debug("LDAP login of user {} answered from the cache", login);
                return new LinkedHashSet<>(cached.get());
            }
        }
        Set<String> found;
        LdapContext context = connect();
        try {
            SearchResult entry = findUser(context, login);
            String userDn = entry.getNameInNamespace();
            if (options.forceBindingLogin) {
                bindAs(login, userDn, secret);
            } else {
                comparePassword(login, entry, secret);
            }
            found = roles(context, login, userDn);
        } finally {
            close(context);
        }
        found.addAll(options.supplementalRoles);
        String previous = LAST_PROBLEM.getAndSet(null);
        if (previous != null) {
            LOG.info("LDAP logins work again on {} (the last problem was: {})", options.providerUrl, previous);
        }
        if (cacheKey != null) {
            CACHE.put(cacheKey, found, options.cacheDurationMillis);
        }
        LOG.debug("LDAP login of user {} succeeded with roles {}", login, found);
        return found;
    }

    private Hashtable<String, Object> environment() {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, LDAP_CONTEXT_FACTORY);
        env.put(Context.PROVIDER_URL, options.providerUrl);
        if (options.timeoutConnect > 0) {
            env.put(CONNECT_TIMEOUT, Long.toString(options.timeoutConnect));
        }
        if (options.timeoutRead > 0) {
            env.put(READ_TIMEOUT, Long.toString(options.timeoutRead));
        }
        return env;
    }

    /** The connection for the searches, bound as {@code bindDn} or anonymous. */
    private LdapContext connect() throws LoginException {
        Hashtable<String, Object> env = environment();
        if (options.bindDn != null) {
            env.put(Context.SECURITY_AUTHENTICATION, options.authenticationMethod);
            env.put(Context.SECURITY_PRINCIPAL, options.bindDn);
            env.put(Context.SECURITY_CREDENTIALS, options.bindPassword);
        } else {
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        }
        try {
            return newContext(env);
        } catch (AuthenticationException e) {
            throw problem("the LDAP server " + options.providerUrl + " refused the bind as bindDn '" + options.bindDn
                    + "' (" + explanation(e) + "): check the bindDn and bindPassword options", e);
        } catch (NamingException e) {
            throw unavailable(e);
        }
    }

    private SearchResult findUser(LdapContext context, String login) throws LoginException {
        String filter = "(&(objectClass=" + escapeFilterValue(options.userObjectClass) + ")(" + options.userIdAttribute + "="
                + escapeFilterValue(login) + "))";
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setCountLimit(2);
        controls.setReturningAttributes(options.forceBindingLogin ? new String[] {options.userIdAttribute}
                : new String[] {options.userIdAttribute, options.userPasswordAttribute});
        List<SearchResult> found = search(context, LdapOptions.USER_BASE_DN, options.userBaseDn, filter, controls);
        if (found.isEmpty()) {
            throw new FailedLoginException("LDAP login failed for user " + login + ": no such user");
        }
        if (found.size() > 1) {
            LOG.warn("LDAP user name {} matches more than one entry under userBaseDn '{}' ({}, {}...): login refused", login,
                    options.userBaseDn, found.get(0).getNameInNamespace(), found.get(1).getNameInNamespace());
            throw new FailedLoginException("LDAP login failed for user " + login + ": the name matches several entries");
        }
        return found.get(0);
    }

    private void bindAs(String login, String userDn, char[] secret) throws LoginException {
        Hashtable<String, Object> env = environment();
        char[] credentials = secret.clone();
        env.put(Context.SECURITY_AUTHENTICATION, options.authenticationMethod);
        env.put(Context.SECURITY_PRINCIPAL, userDn);
        env.put(Context.SECURITY_CREDENTIALS, credentials);
        try {
            close(newContext(env));
        } catch (AuthenticationException e) {
            LOG.debug("LDAP bind as {} refused: {}", userDn, explanation(e));
            throw new FailedLoginException("LDAP login failed for user " + login + ": invalid password");
        } catch (NamingException e) {
            throw unavailable(e);
        } finally {
            Arrays.fill(credentials, '\0');
            env.clear();
        }
    }

    private void comparePassword(String login, SearchResult entry, char[] secret) throws LoginException {
        Attribute stored = entry.getAttributes().get(options.userPasswordAttribute);
        if (stored == null || stored.size() == 0) {
            LOG.warn("LDAP entry {} of user {} shows no {} to bindDn '{}': set forceBindingLogin=true or let bindDn read it",
                    entry.getNameInNamespace(), login, options.userPasswordAttribute, options.bindDn);
            throw new FailedLoginException("LDAP login failed for user " + login + ": no password to compare with");
        }
        boolean unsupported = false;
        try {
            for (int i = 0; i < stored.size(); i++) {
                PasswordVerifier.Result result = PasswordVerifier.verify(stored.get(i), secret);
                if (result == PasswordVerifier.Result.MATCH) {
                    return;
                }
                unsupported |= result == PasswordVerifier.Result.UNSUPPORTED_SCHEME;
            }
        } catch (NamingException e) {
            throw unavailable(e);
        }
        if (unsupported) {
            LOG.warn("LDAP entry {} of user {} has a {} in a scheme this module cannot check: set forceBindingLogin=true",
                    entry.getNameInNamespace(), login, options.userPasswordAttribute);
        }
        throw new FailedLoginException("LDAP login failed for user " + login + ": invalid password");
    }

    private Set<String> roles(LdapContext context, String login, String userDn) throws LoginException {
        Set<String> names = new LinkedHashSet<>();
        if (options.roleBaseDn == null) {
            return names;
        }
        String membership = options.roleUsernameMemberAttribute != null
                ? "(" + options.roleUsernameMemberAttribute + "=" + escapeFilterValue(login) + ")"
                : "(" + options.roleMemberAttribute + "=" + escapeFilterValue(userDn) + ")";
        Set<LdapName> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        for (SearchResult group : searchGroups(context, membership)) {
            addRoles(group, names);
            if (options.nestedGroups && seen.add(name(group.getNameInNamespace()))) {
                pending.add(group.getNameInNamespace());
            }
        }
        while (!pending.isEmpty()) {
            String groupDn = pending.poll();
            for (SearchResult parent : searchGroups(context, "(" + options.roleMemberAttribute + "=" + escapeFilterValue(groupDn) + ")")) {
                if (seen.add(name(parent.getNameInNamespace()))) {
                    addRoles(parent, names);
                    pending.add(parent.getNameInNamespace());
                }
            }
        }
        return names;
    }

    private List<SearchResult> searchGroups(LdapContext context, String membership) throws LoginException {
        String filter = "(&(objectClass=" + escapeFilterValue(options.roleObjectClass) + ")" + membership + ")";
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(new String[] {options.roleNameAttribute});
        return search(context, LdapOptions.ROLE_BASE_DN, options.roleBaseDn, filter, controls);
    }

    private void addRoles(SearchResult group, Set<String> names) throws LoginException {
        Attribute attribute = group.getAttributes().get(options.roleNameAttribute);
        if (attribute == null) {
            LOG.debug("LDAP group {} has no {}: no role from it", group.getNameInNamespace(), options.roleNameAttribute);
            return;
        }
        try {
            for (int i = 0; i < attribute.size(); i++) {
                String role = stripPrefix(String.valueOf(attribute.get(i)).trim());
                if (!role.isEmpty()) {
                    names.add(role);
                }
            }
        } catch (NamingException e) {
            throw unavailable(e);
        }
    }

    private String stripPrefix(String role) {
        String prefix = options.rolePrefix;
        if (prefix != null && role.length() > prefix.length() && role.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return role.substring(prefix.length());
        }
        return role;
    }

    /** A subtree search; referrals left unfollowed (Active Directory's) end the results rather than fail them. */
    private List<SearchResult> search(LdapContext context, String option, String base, String filter, SearchControls controls)
            throws LoginException {
        List<SearchResult> results = new ArrayList<>();
        NamingEnumeration<SearchResult> answer = null;
        try {
            answer = context.search(name(base), filter, controls);
            while (answer.hasMore()) {
                results.add(answer.next());
            }
        } catch (SizeLimitExceededException | PartialResultException e) {
            LOG.debug("LDAP search under {} for {} stopped early: {}", base, filter, e.toString());
        } catch (NameNotFoundException e) {
            throw problem("the " + option + " '" + base + "' does not exist on the LDAP server " + options.providerUrl, e);
        } catch (NamingException e) {
            throw unavailable(e);
        } finally {
            if (answer != null) {
                try {
                    answer.close();
                } catch (NamingException e) {
                    LOG.debug("closing an LDAP search failed", e);
                }
            }
        }
        return results;
    }

    private LoginException unavailable(NamingException e) {
        if (e instanceof CommunicationException || e instanceof ServiceUnavailableException) {
            return problem("cannot reach the LDAP server " + options.providerUrl + " (option providerUrl): " + explanation(e), e);
        }
        return problem("the LDAP server " + options.providerUrl + " failed the request: " + explanation(e), e);
    }

    /** An infrastructure failure: logged once at error level (a repeat at debug level), returned to be thrown. */
    private static LoginException problem(String message, Throwable cause) {
        LoginException e = new LoginException(message);
        if (cause != null) {
            e.initCause(cause);
        }
        if (message.equals(LAST_PROBLEM.getAndSet(message))) {
            LOG.debug("{} (again)", message, cause);
        } else {
            LOG.error("{}", message);
            if (cause != null) {
                LOG.debug("cause of the LDAP problem", cause);
            }
        }
        return e;
    }

    private static String explanation(NamingException e) {
        StringBuilder text = new StringBuilder(e.getExplanation() == null ? e.getClass().getSimpleName() : e.getExplanation());
        Throwable root = e.getRootCause();
        if (root != null) {
            text.append(": ").append(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
        }
        return text.toString();
    }

    /**
     * A new context made with the JDK's LDAP provider. The thread's context class loader is pointed away from an
     * OSGi bundle's while JNDI loads the provider class, which a bundle class loader might not see.
     */
    private static LdapContext newContext(Hashtable<String, Object> env) throws NamingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
        try {
            return new InitialLdapContext(env, null);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static void close(Context context) {
        try {
            context.close();
        } catch (NamingException e) {
            LOG.debug("closing an LDAP connection failed", e);
        }
    }

    private static LdapName name(String dn) {
        try {
            return new LdapName(dn);
        } catch (InvalidNameException e) {
            // the options' DNs are validated when parsed, and the server's are valid
            throw new IllegalArgumentException("not a DN: " + dn, e);
        }
    }

    /**
     * Escapes a value for an LDAP search filter as RFC 4515 requires: {@code *}, {@code (}, {@code )}, {@code \}
     * and NUL become {@code \2a}, {@code \28}, {@code \29}, {@code \5c}, {@code \00}.
     */
    static String escapeFilterValue(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> escaped.append("\\2a");
                case '(' -> escaped.append("\\28");
                case ')' -> escaped.append("\\29");
                case '\\' -> escaped.append("\\5c");
                case '\0' -> escaped.append("\\00");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

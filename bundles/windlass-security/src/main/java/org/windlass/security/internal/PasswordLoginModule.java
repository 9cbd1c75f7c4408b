package org.windlass.security.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * What the windlass realm's login modules share: reading the user name and password from the
 * callbacks (the password array is wiped afterwards), Karaf's principal classes (so the SSH shell
 * and the web console recognise the roles), and JAAS's two-phase commit, abort and logout. A
 * module only says how it checks a password.
 */
public abstract class PasswordLoginModule implements LoginModule {

    private Subject subject;
    private CallbackHandler callbackHandler;
    private String user;
    private Set<String> roles;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public final void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        configure(options);
    }

    /** @return how the module's refusals start ({@code login}, {@code LDAP login}) */
    protected String kind() {
        return "login";
    }

    /** Reads the module's options (called once, before any login). */
    protected abstract void configure(Map<String, ?> options);

    /**
     * Checks the credentials.
     *
     * @param password never empty; wiped by the caller afterwards
     * @return the user's roles
     * @throws FailedLoginException when the name or password is wrong
     * @throws LoginException       when the module cannot decide (its store cannot be reached, it is misconfigured)
     */
    protected abstract Set<String> check(String user, char[] password) throws LoginException;

    @Override
    public final boolean login() throws LoginException {
        if (callbackHandler == null) {
            throw new LoginException("the login module has no callback handler to read the credentials with");
        }
        NameCallback name = new NameCallback("user: ");
        PasswordCallback password = new PasswordCallback("password: ", false);
        try {
            callbackHandler.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            LoginException le = new LoginException("cannot read the credentials: " + e.getMessage());
            le.initCause(e);
            throw le;
        }
        char[] secret = password.getPassword();
        try {
            String candidate = name.getName();
            if (candidate == null || candidate.isBlank()) {
                throw new FailedLoginException(kind() + " failed: no user name given");
            }
            if (secret == null || secret.length == 0) {
                throw new FailedLoginException(kind() + " failed for user " + candidate + ": empty password");
            }
            roles = check(candidate, secret);
            user = candidate;
            return true;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
            password.clearPassword();
        }
    }

    @Override
    public final boolean commit() {
        if (user == null) {
            return false;
        }
        principals.add(new UserPrincipal(user));
        roles.forEach(r -> principals.add(new RolePrincipal(r)));
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public final boolean abort() {
        if (!principals.isEmpty()) {
            subject.getPrincipals().removeAll(principals);
            principals.clear();
        }
        user = null;
        roles = null;
        return true;
    }

    @Override
    public final boolean logout() {
        if (subject != null) {
            subject.getPrincipals().removeAll(principals);
        }
        principals.clear();
        user = null;
        roles = null;
        return true;
    }
}

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
 * The realm-file login module of the {@code windlass} realm. Karaf's principal classes are used
 * so that the SSH shell and the web console recognise the roles.
 */
public class RealmLoginModule implements LoginModule {

    static final String OPTION_STORE = "windlass.userStore";

    private Subject subject;
    private CallbackHandler callbackHandler;
    private UserStore store;
    private String user;
    private Set<String> roles;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        this.store = (UserStore) options.get(OPTION_STORE);
    }

    @Override
    public boolean login() throws LoginException {
        if (store == null) {
            throw new LoginException("the windlass realm is not ready (no user store)");
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
            if (candidate == null || secret == null) {
                throw new FailedLoginException("user name and password are required");
            }
            roles = store.check(candidate, secret).orElseThrow(() -> new FailedLoginException("login failed for user " + candidate));
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
    public boolean commit() {
        if (user == null) {
            return false;
        }
        principals.add(new UserPrincipal(user));
        roles.forEach(r -> principals.add(new RolePrincipal(r)));
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        user = null;
        roles = null;
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        user = null;
        return true;
    }
}

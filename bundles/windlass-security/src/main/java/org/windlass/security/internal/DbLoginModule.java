package org.windlass.security.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
import org.windlass.api.security.UserService;

/**
 * The database login module of the {@code windlass} realm: the users and groups every member
 * shares ({@link UserService}); a user's groups become its roles. While the database cannot be
 * reached this module fails, and the realm's other modules (the realm file) still log users in.
 */
public class DbLoginModule implements LoginModule {

    static final String OPTION_USERS = "windlass.userService";

    private Subject subject;
    private CallbackHandler callbackHandler;
    private Supplier<UserService> users;
    private String user;
    private Set<String> roles;
    private final List<Principal> principals = new ArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        this.users = (Supplier<UserService>) options.get(OPTION_USERS);
    }

    @Override
    public boolean login() throws LoginException {
        UserService service = users == null ? null : users.get();
        if (service == null) {
            throw new LoginException("the users of the cluster database are not available (the database cannot be reached yet)");
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
            try {
                roles = service.authenticate(candidate, secret)
                        .orElseThrow(() -> new FailedLoginException("login failed for user " + candidate));
            } catch (org.windlass.api.StorageUnavailableException e) {
                LoginException le = new LoginException("the users of the cluster database cannot be read: " + e.getMessage());
                le.initCause(e);
                throw le;
            }
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

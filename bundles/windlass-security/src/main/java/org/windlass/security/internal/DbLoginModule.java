package org.windlass.security.internal;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.windlass.api.StorageUnavailableException;
import org.windlass.api.security.UserService;

/**
 * The database login module of the {@code windlass} realm: the users and groups every member
 * shares ({@link UserService}); a user's groups become its roles. While the database cannot be
 * reached this module fails, and the realm's other modules (the realm file) still log users in.
 */
public class DbLoginModule extends PasswordLoginModule {

    static final String OPTION_USERS = "windlass.userService";

    private Supplier<UserService> users;

    @Override
    @SuppressWarnings("unchecked")
    protected void configure(Map<String, ?> options) {
        this.users = (Supplier<UserService>) options.get(OPTION_USERS);
    }

    @Override
    protected Set<String> check(String user, char[] password) throws LoginException {
        UserService service = users == null ? null : users.get();
        if (service == null) {
            throw new LoginException("the users of the cluster database are not available (the database cannot be reached yet)");
        }
        try {
            return service.authenticate(user, password).orElseThrow(() -> new FailedLoginException("login failed for user " + user));
        } catch (StorageUnavailableException e) {
            LoginException le = new LoginException("the users of the cluster database cannot be read: " + e.getMessage());
            le.initCause(e);
            throw le;
        }
    }
}

package org.windlass.security.internal;

import java.util.Map;
import java.util.Set;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/** The realm-file login module of the {@code windlass} realm: this member's realm.properties file. */
public class RealmLoginModule extends PasswordLoginModule {

    static final String OPTION_STORE = "windlass.userStore";

    private UserStore store;

    @Override
    protected void configure(Map<String, ?> options) {
        this.store = (UserStore) options.get(OPTION_STORE);
    }

    @Override
    protected Set<String> check(String user, char[] password) throws LoginException {
        if (store == null) {
            throw new LoginException("the windlass realm is not ready (no user store)");
        }
        return store.check(user, password).orElseThrow(() -> new FailedLoginException("login failed for user " + user));
    }
}

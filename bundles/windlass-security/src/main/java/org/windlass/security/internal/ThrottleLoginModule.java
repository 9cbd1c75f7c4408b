package org.windlass.security.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * The first module of the {@code windlass} realm (flag requisite): it refuses a login at once when
 * too many logins of that user failed lately, and otherwise takes no part in the decision (its
 * {@code login} returns false, so JAAS ignores it). JAAS then tells it how the whole login ended:
 * {@code abort} counts a failure, {@code commit} a success. So every front door counts the same
 * way: the REST API, the web form, the web console and the SSH shell.
 */
public class ThrottleLoginModule implements LoginModule {

    static final String OPTION_THROTTLE = "windlass.loginThrottle";

    private CallbackHandler callbackHandler;
    private LoginThrottle throttle;
    private String user;

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState, Map<String, ?> options) {
        this.callbackHandler = callbackHandler;
        this.throttle = (LoginThrottle) options.get(OPTION_THROTTLE);
    }

    @Override
    public boolean login() throws LoginException {
        if (throttle == null || callbackHandler == null) {
            return false;
        }
        NameCallback name = new NameCallback("user: ");
        try {
            callbackHandler.handle(new Callback[] {name});
        } catch (IOException | UnsupportedCallbackException e) {
            return false; // the other modules read the credentials and report the problem
        }
        user = name.getName();
        if (user == null || user.isBlank()) {
            return false;
        }
        Duration wait = throttle.blocked(user, null);
        if (wait != null) {
            String who = user;
            user = null; // refused here: not counted again in abort
            JaasAuthenticator.AUDIT.warn("login refused: user '{}': too many failed logins, paused for {} s more", who,
                    Math.max(1, wait.toSeconds()));
            throw new AccountLockedException("too many failed logins of user " + who + "; try again in "
                    + Math.max(1, wait.toSeconds()) + " s");
        }
        return false;
    }

    @Override
    public boolean commit() {
        if (user != null) {
            throttle.succeeded(user);
        }
        user = null;
        return false;
    }

    @Override
    public boolean abort() {
        if (user != null) {
            throttle.failedUser(user);
        }
        user = null;
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }
}

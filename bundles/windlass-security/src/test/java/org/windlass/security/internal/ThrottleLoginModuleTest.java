package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

/** The throttle module in a real JAAS login, before a module that checks passwords. */
class ThrottleLoginModuleTest {

    /** Knows one password per user: "right". */
    public static final class FixedPasswordModule extends PasswordLoginModule {
        @Override
        protected void configure(Map<String, ?> options) {
        }

        @Override
        protected Set<String> check(String user, char[] password) throws LoginException {
            if (!new String(password).equals("right")) {
                throw new FailedLoginException("login failed for user " + user);
            }
            return Set.of("ops");
        }
    }

    private final AtomicLong now = new AtomicLong(5_000_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), Duration.ofSeconds(30), now::get);

    private final Configuration realm = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(ThrottleLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE,
                        Map.of(ThrottleLoginModule.OPTION_THROTTLE, throttle)),
                new AppConfigurationEntry(FixedPasswordModule.class.getName(), LoginModuleControlFlag.SUFFICIENT, Map.of())
            };
        }
    };

    private Subject login(String user, String password) throws LoginException {
        Subject subject = new Subject();
        new LoginContext("windlass", subject, callbacks -> {
            for (var c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(user);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                }
            }
        }, realm).login();
        return subject;
    }

    @Test
    void failuresOfAUserPauseItsLoginsAndTheThrottleNeverLetsAWrongPasswordIn() throws Exception {
        assertEquals("carol", login("carol", "right").getPrincipals(UserPrincipal.class).iterator().next().getName());
        for (int i = 0; i < 3; i++) {
            assertThrows(FailedLoginException.class, () -> login("carol", "wrong"), "the throttle's own success does not log anyone in");
        }
        AccountLockedException locked = assertThrows(AccountLockedException.class, () -> login("carol", "right"));
        assertTrue(locked.getMessage().contains("too many failed logins of user carol; try again in 30 s"), locked.getMessage());
        login("dave", "right"); // other users go on
        now.addAndGet(Duration.ofSeconds(31).toNanos());
        login("carol", "right");
        assertEquals(null, throttle.blocked("carol", null), "a login that works clears the count");
    }
}

package org.windlass.security.internal;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.api.security.Authenticator;

/** Logs users in through JAAS against the {@code windlass} realm, exactly as Karaf's front doors do. */
@Component(service = Authenticator.class, configurationPid = SecurityConfig.PID)
public class JaasAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JaasAuthenticator.class);
    /** The audit log: logins, refusals and access control denials, under its own logger name. */
    static final Logger AUDIT = LoggerFactory.getLogger("org.windlass.audit");

    private final LoginThrottle throttle;

    @Activate
    public JaasAuthenticator(@Reference(target = "(org.apache.karaf.jaas.realm=" + REALM + ")") JaasRealm realm,
                             @Reference LoginThrottle throttle) {
        // the realm reference makes the service wait for the realm; the login goes through JAAS
        this.throttle = throttle;
    }

    @Override
    public Optional<AuthenticatedUser> login(String username, char[] password, String address) {
        java.time.Duration wait = throttle.blocked(username, address);
        if (wait != null) {
            long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
            AUDIT.warn("login refused: user '{}' from {}: too many failed logins, paused for {} s more", username, address, seconds);
            throw new org.windlass.api.security.LoginThrottledException("too many failed logins of user '" + username
                    + "' or from " + address + "; try again in " + seconds + " s", seconds);
        }
        // the user's failures are counted by the realm (ThrottleLoginModule), whatever door they come through
        Optional<AuthenticatedUser> user = login(username, password);
        if (user.isEmpty()) {
            throttle.failedAddress(address);
            AUDIT.warn("login failed: user '{}' from {}", username, address);
        } else {
            AUDIT.info("login: user '{}' from {} with roles {}", user.get().name(), address, user.get().roles());
        }
        return user;
    }

    @Override
    public Optional<AuthenticatedUser> login(String username, char[] password) {
        if (username == null || username.isEmpty() || password == null) {
            return Optional.empty();
        }
        Subject subject = new Subject();
        try {
            LoginContext context = new LoginContext(REALM, subject, callbacks -> {
                for (Callback callback : callbacks) {
                    if (callback instanceof NameCallback nc) {
                        nc.setName(username);
                    } else if (callback instanceof PasswordCallback pc) {
                        pc.setPassword(password);
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
        } catch (LoginException e) {
            LOG.debug("Login of '{}' refused: {}", username, e.getMessage());
            return Optional.empty();
        }
        String name = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst().orElse(username);
        Set<String> roles = new LinkedHashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(r -> roles.add(r.getName()));
        return Optional.of(new AuthenticatedUser(name, roles, "password"));
    }
}

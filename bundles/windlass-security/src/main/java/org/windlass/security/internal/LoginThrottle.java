package org.windlass.security.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per user and per address. Once {@code maxFailures} failed within
 * {@code window}, further logins of that user or from that address are refused for
 * {@code lockout}, doubled at each failure beyond the limit (at most an hour). A successful login
 * clears the user's count. Users are counted by the realm's {@link ThrottleLoginModule} (every front
 * door: REST, web form, web console, SSH); addresses by the REST and form logins, which know them.
 * Kept in this member's memory. Thread-safe.
 */
@org.osgi.service.component.annotations.Component(service = LoginThrottle.class, configurationPid = SecurityConfig.PID)
public final class LoginThrottle {

    private static final Duration MAX_LOCKOUT = Duration.ofHours(1);
    private static final int MAX_KEYS = 100_000;

    private final int maxFailures;
    private final long windowNanos;
    private final Duration lockout;
    private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier clock;

    /** One per member: the realm's modules (every front door) and the REST login count in it. */
    @org.osgi.service.component.annotations.Activate
    public LoginThrottle(SecurityConfig config) {
        this(config.login_maxFailures(), org.windlass.api.security.ApiTokenService.parseDuration(config.login_window()),
                org.windlass.api.security.ApiTokenService.parseDuration(config.login_lockout()), System::nanoTime);
    }

    LoginThrottle(int maxFailures, Duration window, Duration lockout, java.util.function.LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.lockout = lockout;
        this.clock = nanoClock;
    }

    /** @return how long logins for this user or from this address are refused, {@code null} when they are not */
    Duration blocked(String user, String address) {
        if (maxFailures <= 0) {
            return null;
        }
        Duration u = blockedFor("user:" + user);
        Duration a = address == null ? null : blockedFor("address:" + address);
        if (u == null) {
            return a;
        }
        return a == null || u.compareTo(a) > 0 ? u : a;
    }

    private Duration blockedFor(String key) {
        Deque<Long> q = failures.get(key);
        if (q == null) {
            return null;
        }
        synchronized (q) {
            long now = clock.getAsLong();
            prune(q, now);
            if (q.size() < maxFailures) {
                return null;
            }
            int beyond = q.size() - maxFailures;
            Duration pause = lockout.multipliedBy(1L << Math.min(beyond, 12));
            if (pause.compareTo(MAX_LOCKOUT) > 0) {
                pause = MAX_LOCKOUT;
            }
            long until = q.peekLast() + pause.toNanos();
            return until > now ? Duration.ofNanos(until - now) : null;
        }
    }

    void failed(String user, String address) {
        failedUser(user);
        failedAddress(address);
    }

    void failedUser(String user) {
        if (maxFailures > 0 && user != null) {
            record("user:" + user);
        }
    }

    void failedAddress(String address) {
        if (maxFailures > 0 && address != null) {
            record("address:" + address);
        }
    }

    void succeeded(String user) {
        failures.remove("user:" + user);
    }

    private void record(String key) {
        if (failures.size() >= MAX_KEYS) {
            failures.clear(); // a flood of names or addresses: start counting again rather than grow without bound
        }
        Deque<Long> q = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (q) {
            long now = clock.getAsLong();
            prune(q, now);
            q.addLast(now);
        }
    }

    private void prune(Deque<Long> q, long now) {
        while (!q.isEmpty() && now - q.peekFirst() > windowNanos) {
            q.removeFirst();
        }
    }
}

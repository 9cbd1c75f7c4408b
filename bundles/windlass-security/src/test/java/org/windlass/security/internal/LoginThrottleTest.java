package org.windlass.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Failed logins per user and per address, on a clock the test moves. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), Duration.ofSeconds(60), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void afterTheLimitTheUserIsPausedAndThePauseDoublesAtEachFurtherFailure() {
        for (int i = 0; i < 2; i++) {
            throttle.failed("bob", "10.0.0.1");
            assertNull(throttle.blocked("bob", "10.0.0.9"));
        }
        throttle.failed("bob", "10.0.0.2");
        assertEquals(Duration.ofSeconds(60), throttle.blocked("bob", "10.0.0.9"), "the third failure pauses bob from anywhere");
        assertNull(throttle.blocked("alice", "10.0.0.9"), "other users from other addresses go on");
        advance(Duration.ofSeconds(61));
        assertNull(throttle.blocked("bob", "10.0.0.9"));
        throttle.failed("bob", "10.0.0.3");
        assertEquals(Duration.ofSeconds(120), throttle.blocked("bob", "10.0.0.9"), "doubled");
        throttle.succeeded("bob");
        assertNull(throttle.blocked("bob", "10.0.0.9"), "a login that works clears the user's count");
    }

    @Test
    void oneAddressTryingManyUsersIsPausedAndOldFailuresAgeOut() {
        throttle.failed("u1", "6.6.6.6");
        throttle.failed("u2", "6.6.6.6");
        throttle.failed("u3", "6.6.6.6");
        assertEquals(Duration.ofSeconds(60), throttle.blocked("u4", "6.6.6.6"));
        assertNull(throttle.blocked("u4", "7.7.7.7"));
        advance(Duration.ofMinutes(6));
        assertNull(throttle.blocked("u4", "6.6.6.6"), "failures older than the window no longer count");
        LoginThrottle off = new LoginThrottle(0, Duration.ofMinutes(5), Duration.ofSeconds(60), now::get);
        for (int i = 0; i < 10; i++) {
            off.failed("bob", "1.1.1.1");
        }
        assertNull(off.blocked("bob", "1.1.1.1"), "0 turns the limit off");
    }
}

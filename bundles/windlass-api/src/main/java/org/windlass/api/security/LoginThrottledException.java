package org.windlass.api.security;

/**
 * A login refused without checking the password: too many logins of that user, or from that
 * address, failed in a short time.
 */
public class LoginThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public LoginThrottledException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return how many seconds until a login is tried again */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package org.windlass.api.spi;

/**
 * A plugin failed. The message names what failed and why, in words an operator can act on
 * ("node web01: connection refused by 10.0.0.5:22"). {@link #reason()} is a stable code for
 * programs (Rundeck's failure reasons: {@code ConnectionFailure}, {@code AuthenticationFailure},
 * {@code NonZeroResultCode}, {@code Timeout}, {@code ParseError}, ...).
 */
public class PluginException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public PluginException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PluginException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the failure reason code */
    public String reason() {
        return reason;
    }
}

package org.windlass.api.security;

/** The acting user may not do what it asked; the message says what and why. */
public class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}

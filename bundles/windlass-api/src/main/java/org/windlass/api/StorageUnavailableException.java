package org.windlass.api;

/**
 * The cluster database cannot be reached (or its schema is not ready yet). Nothing was changed;
 * the same call succeeds once the database is back. The REST API answers 503.
 */
public class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

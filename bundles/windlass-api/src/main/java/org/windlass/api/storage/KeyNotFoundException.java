package org.windlass.api.storage;

/** Thrown for a path: the message names it. */
public class KeyNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyNotFoundException(String path) {
        super("no key storage entry at " + path);
    }
}

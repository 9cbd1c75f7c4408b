package org.windlass.api.storage;

/** Thrown for a path: the message names it. */
public class KeyExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyExistsException(String path) {
        super("a key storage entry exists already at " + path);
    }
}

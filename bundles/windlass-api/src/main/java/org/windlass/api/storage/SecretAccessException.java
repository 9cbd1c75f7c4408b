package org.windlass.api.storage;

/** The content of a private key or password was asked for where it is never given out. */
public class SecretAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SecretAccessException(String path, KeyType type) {
        super("the content of " + path + " cannot be read: it is a " + type.rundeckName()
                + (type == KeyType.PASSWORD ? "" : " key") + ", which is write-only");
    }
}

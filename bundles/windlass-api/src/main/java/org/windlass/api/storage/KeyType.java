package org.windlass.api.storage;

import java.util.Locale;

/** The kinds of key storage entries, with Rundeck's content types. */
public enum KeyType {
    PRIVATE("private", "application/octet-stream", true),
    PUBLIC("public", "application/pgp-keys", false),
    PASSWORD("password", "application/x-rundeck-data-password", true);

    private final String rundeckName;
    private final String contentType;
    private final boolean secret;

    KeyType(String rundeckName, String contentType, boolean secret) {
        this.rundeckName = rundeckName;
        this.contentType = contentType;
        this.secret = secret;
    }

    /** @return Rundeck's {@code Rundeck-key-type}: private, public or password */
    public String rundeckName() {
        return rundeckName;
    }

    /** @return the content type that selects this kind */
    public String contentType() {
        return contentType;
    }

    /** @return {@code true} for private keys and passwords: write-only, never returned */
    public boolean isSecret() {
        return secret;
    }

    /**
     * @param contentType a request's content type (parameters such as charset are ignored)
     * @throws IllegalArgumentException naming the type and the accepted ones
     */
    public static KeyType fromContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("a content type is required: " + accepted());
        }
        String base = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (KeyType t : values()) {
            if (t.contentType.equals(base)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported content type '" + contentType + "': " + accepted());
    }

    /** @throws IllegalArgumentException naming the value */
    public static KeyType fromRundeckName(String name) {
        for (KeyType t : values()) {
            if (t.rundeckName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + name + "': use private, public or password");
    }

    private static String accepted() {
        return "use application/octet-stream (private key), application/pgp-keys (public key) or application/x-rundeck-data-password (password)";
    }
}

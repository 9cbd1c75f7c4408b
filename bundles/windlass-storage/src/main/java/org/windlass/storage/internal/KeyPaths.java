package org.windlass.storage.internal;

import java.util.regex.Pattern;

/** Validation of key storage paths: {@code keys/} plus safe segments, never escaping the tree. */
final class KeyPaths {

    static final String ROOT = "keys";
    static final int MAX_LENGTH = 700;
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._@+-]+");

    private KeyPaths() {
    }

    /**
     * @param path a path with or without a leading slash ({@code /keys/a/b} or {@code keys/a/b})
     * @param entry {@code true} for an entry (at least one segment below keys/), {@code false} for a directory (keys itself allowed)
     * @return the normalised path, {@code keys/a/b}
     * @throws IllegalArgumentException naming what is wrong
     */
    static String normalise(String path, boolean entry) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the key path is empty");
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/") && !entry) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the key path is " + p.length() + " characters; the limit is " + MAX_LENGTH);
        }
        String[] segments = p.split("/", -1);
        if (!segments[0].equals(ROOT)) {
            throw new IllegalArgumentException("key path '" + path + "' must start with keys/");
        }
        if (entry && segments.length < 2) {
            throw new IllegalArgumentException("key path '" + path + "' names no entry below keys/");
        }
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                throw new IllegalArgumentException("key path '" + path + "' has an empty segment");
            }
            if (s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("key path '" + path + "' must not contain '" + s + "' segments");
            }
            if (!SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("key path segment '" + s + "' may hold only letters, digits and . _ - + @");
            }
        }
        return p;
    }
}

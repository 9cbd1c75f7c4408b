package org.windlass.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

import org.mindrot.jbcrypt.BCrypt;

/**
 * Password hashing and checking in the credential forms of Rundeck's realm.properties:
 * {@code BCRYPT:$2a$...} (what Windlass writes), {@code MD5:<hex>} and plain text (read only).
 */
final class Passwords {

    static final String BCRYPT_PREFIX = "BCRYPT:";
    static final String MD5_PREFIX = "MD5:";
    private static final int BCRYPT_COST = 10;
    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** @return the credential to store for a password: {@code BCRYPT:$2a$10$...} */
    static String hash(char[] password) {
        return BCRYPT_PREFIX + BCrypt.hashpw(new String(password), BCrypt.gensalt(BCRYPT_COST, RANDOM));
    }

    /** @return whether the stored credential matches the password */
    static boolean matches(String stored, char[] password) {
        if (stored == null || password == null) {
            return false;
        }
        if (stored.startsWith(BCRYPT_PREFIX)) {
            String hash = stored.substring(BCRYPT_PREFIX.length());
            if (hash.startsWith("$2y$")) {
                hash = "$2a$" + hash.substring(4);
            }
            try {
                return BCrypt.checkpw(new String(password), hash);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (stored.startsWith(MD5_PREFIX)) {
            String expected = stored.substring(MD5_PREFIX.length()).toLowerCase(Locale.ROOT);
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    md5Hex(new String(password)).getBytes(StandardCharsets.US_ASCII));
        }
        if (isUnsupportedScheme(stored)) {
            return false;
        }
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
                new String(password).getBytes(StandardCharsets.UTF_8));
    }

    /** @return whether the credential uses a scheme this realm does not check (OBF:, CRYPT:) */
    static boolean isUnsupportedScheme(String stored) {
        return stored.startsWith("OBF:") || stored.startsWith("CRYPT:");
    }

    /** @return whether the credential is stored as plain text */
    static boolean isPlain(String stored) {
        return !stored.startsWith(BCRYPT_PREFIX) && !stored.startsWith(MD5_PREFIX) && !isUnsupportedScheme(stored);
    }

    /** @return a random password of {@code length} characters, without look-alike characters */
    static char[] generate(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return out;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}

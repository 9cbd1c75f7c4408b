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
 * {@code BCRYPT:$2a$...} (what Windlass writes), and for imported Rundeck and Jetty files
 * {@code MD5:<hex>}, {@code CRYPT:<crypt(3)>}, {@code OBF:<obfuscated>} and plain text (read only).
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
        if (stored.startsWith(CRYPT_PREFIX)) {
            // Jetty's CRYPT: Unix crypt(3) (DES) whose salt is the first two characters of the stored value
            String expected = stored.substring(CRYPT_PREFIX.length());
            if (expected.length() < 2) {
                return false;
            }
            try {
                String actual = org.apache.commons.codec.digest.UnixCrypt.crypt(new String(password), expected.substring(0, 2));
                return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (stored.startsWith(OBF_PREFIX)) {
            String clear;
            try {
                clear = deobfuscate(stored.substring(OBF_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(clear.getBytes(StandardCharsets.UTF_8), new String(password).getBytes(StandardCharsets.UTF_8));
        }
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8),
                new String(password).getBytes(StandardCharsets.UTF_8));
    }

    static final String CRYPT_PREFIX = "CRYPT:";
    static final String OBF_PREFIX = "OBF:";

    /**
     * Reverses Jetty's {@code OBF:} obfuscation (it hides a password from a glance, nothing more):
     * each byte is four base-36 digits encoding two numbers whose sum gives the byte back; a group
     * starting with {@code U} carries a byte above 127 in its high bits.
     *
     * @throws IllegalArgumentException when the text is not an obfuscated value
     */
    static String deobfuscate(String text) {
        byte[] out = new byte[text.length() / 2 + 1];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == 'U') {
                i++;
                if (i + 4 > text.length()) {
                    throw new IllegalArgumentException("truncated obfuscated value");
                }
                int v = Integer.parseInt(text.substring(i, i + 4), 36);
                out[n++] = (byte) (v >> 8);
            } else {
                if (i + 4 > text.length()) {
                    throw new IllegalArgumentException("truncated obfuscated value");
                }
                int v = Integer.parseInt(text.substring(i, i + 4), 36);
                int high = v / 256;
                int low = v % 256;
                out[n++] = (byte) ((high + low - 254) / 2);
            }
            i += 4;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** @return whether the credential is stored as plain text */
    static boolean isPlain(String stored) {
        return !stored.startsWith(BCRYPT_PREFIX) && !stored.startsWith(MD5_PREFIX) && !stored.startsWith(CRYPT_PREFIX)
                && !stored.startsWith(OBF_PREFIX);
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

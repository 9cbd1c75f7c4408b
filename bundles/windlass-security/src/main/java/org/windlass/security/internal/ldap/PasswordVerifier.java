package org.windlass.security.internal.ldap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a password against a stored LDAP {@code userPassword} value (RFC 2307 / RFC 3112 style), for
 * {@code forceBindingLogin=false}. Understood: a plain value, and {@code {SHA}}, {@code {SSHA}},
 * {@code {SHA256}}, {@code {SSHA256}}, {@code {SHA384}}, {@code {SSHA384}}, {@code {SHA512}}, {@code {SSHA512}},
 * {@code {MD5}}, {@code {SMD5}} (digest, or digest followed by the salt, base64-encoded). Other schemes
 * ({@code {CRYPT}}, {@code {PBKDF2}}...) never match. Comparisons take constant time in the value's length.
 */
final class PasswordVerifier {

    /** Scheme (upper case, without braces) to the JDK digest algorithm. */
    private static final Map<String, String> DIGESTS = Map.ofEntries(
            Map.entry("SHA", "SHA-1"), Map.entry("SSHA", "SHA-1"),
            Map.entry("SHA256", "SHA-256"), Map.entry("SSHA256", "SHA-256"),
            Map.entry("SHA384", "SHA-384"), Map.entry("SSHA384", "SHA-384"),
            Map.entry("SHA512", "SHA-512"), Map.entry("SSHA512", "SHA-512"),
            Map.entry("MD5", "MD5"), Map.entry("SMD5", "MD5"));

    private static final Set<String> SALTED = Set.of("SSHA", "SSHA256", "SSHA384", "SSHA512", "SMD5");

    enum Result {
        MATCH, MISMATCH, UNSUPPORTED_SCHEME
    }

    private PasswordVerifier() {
    }

    /**
     * @param stored the stored value, as JNDI returns it ({@code byte[]} for {@code userPassword}, or a {@code String})
     * @param password the candidate; not modified
     */
    static Result verify(Object stored, char[] password) {
        byte[] storedBytes = stored instanceof byte[] ? (byte[]) stored : String.valueOf(stored).getBytes(StandardCharsets.UTF_8);
        byte[] candidate = utf8(password);
        try {
            String scheme = scheme(storedBytes);
            if (scheme == null) {
                return MessageDigest.isEqual(storedBytes, candidate) ? Result.MATCH : Result.MISMATCH;
            }
            String algorithm = DIGESTS.get(scheme.toUpperCase(Locale.ROOT));
            if (algorithm == null) {
                return Result.UNSUPPORTED_SCHEME;
            }
            byte[] decoded;
            try {
                String encoded = new String(storedBytes, scheme.length() + 2, storedBytes.length - scheme.length() - 2,
                        StandardCharsets.US_ASCII).trim();
                decoded = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                return Result.MISMATCH;
            }
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            int length = digest.getDigestLength();
            boolean salted = SALTED.contains(scheme.toUpperCase(Locale.ROOT));
            if (salted ? decoded.length <= length : decoded.length != length) {
                return Result.MISMATCH;
            }
            digest.update(candidate);
            if (salted) {
                digest.update(decoded, length, decoded.length - length);
            }
            byte[] actual = digest.digest();
            return MessageDigest.isEqual(actual, Arrays.copyOf(decoded, length)) ? Result.MATCH : Result.MISMATCH;
        } catch (NoSuchAlgorithmException e) {
            return Result.UNSUPPORTED_SCHEME;
        } finally {
            Arrays.fill(candidate, (byte) 0);
        }
    }

    /** The scheme name of a "{SCHEME}value" value, or {@code null} for a plain value. */
    static String scheme(byte[] stored) {
        if (stored.length < 3 || stored[0] != '{') {
            return null;
        }
        for (int i = 1; i < stored.length && i < 32; i++) {
            byte b = stored[i];
            if (b == '}') {
                return i == 1 ? null : new String(stored, 1, i - 1, StandardCharsets.US_ASCII);
            }
            if (!(Character.isLetterOrDigit(b) || b == '-' || b == '_')) {
                return null;
            }
        }
        return null;
    }

    /** @return the password's UTF-8 bytes, the encoder's buffer wiped */
    static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }
}

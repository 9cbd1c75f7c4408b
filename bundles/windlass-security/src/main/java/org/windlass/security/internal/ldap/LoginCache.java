package org.windlass.security.internal.ldap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The successful-login cache of {@link LdapLoginModule} ({@code cacheDurationMillis > 0}), shared by all module
 * instances of the JVM (JAAS makes a new module per login). An entry is keyed by an HMAC-SHA-256, under a key
 * drawn at random when the class loads, of the module's configuration, the user name and the password: the
 * password is never stored, a different password misses the cache and goes to the directory, and two modules
 * configured for different directories never share entries. At most {@value #MAX_ENTRIES} entries are kept,
 * the least recently used going first; expired entries are dropped when met.
 */
final class LoginCache {

    static final int MAX_ENTRIES = 1000;
    /** Longer durations are cut to this (ten years), keeping the expiry arithmetic clear of overflow. */
    private static final long MAX_DURATION_MILLIS = TimeUnit.DAYS.toMillis(3650);

    private record Entry(Set<String> roles, long expiresAtNanos) {
    }

    private final byte[] key = new byte[32];
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    LoginCache() {
        new SecureRandom().nextBytes(key);
    }

    String key(String configuration, String user, char[] password) {
        byte[] secret = PasswordVerifier.utf8(password);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(configuration.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(secret);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    synchronized Optional<Set<String>> get(String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (System.nanoTime() - entry.expiresAtNanos() >= 0) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry.roles());
    }

    synchronized void put(String key, Set<String> roles, long durationMillis) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(Math.min(durationMillis, MAX_DURATION_MILLIS));
        entries.put(key, new Entry(Set.copyOf(roles), System.nanoTime() + nanos));
    }

    synchronized void clear() {
        entries.clear();
    }

    synchronized int size() {
        return entries.size();
    }
}

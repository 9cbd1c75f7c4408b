package org.windlass.api.security;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * API tokens (Rundeck's {@code X-Rundeck-Auth-Token}): created for a user with roles and an
 * expiry, stored hashed, revoked by id. Thread-safe.
 *
 * <p>Rules, as Rundeck's: a user creates tokens for itself with a subset of its own roles (all of
 * them by default); an admin creates tokens for anyone, with any roles. A duration longer than the
 * configured maximum is refused.
 */
@ProviderType
public interface ApiTokenService {

    /**
     * @param creator  who asks
     * @param user     who the token authenticates as; {@code null} for the creator
     * @param roles    the token's roles; {@code null} or empty for the creator's roles (only when
     *                 {@code user} is the creator)
     * @param duration how long the token lives; {@code null} for the configured maximum
     * @param name     a label, may be {@code null}
     * @throws IllegalArgumentException naming the bad value (roles, duration)
     * @throws AccessDeniedException    when the creator may not create this token
     */
    CreatedToken create(AuthenticatedUser creator, String user, Set<String> roles, Duration duration, String name);

    /** @return the token's owner and roles when the secret is valid and not expired */
    Optional<ApiToken> authenticate(String secret);

    /**
     * @param user only this user's tokens, or {@code null} for all
     * @return tokens, oldest first; expired ones included
     */
    List<ApiToken> list(String user);

    /** @return the token with that id */
    Optional<ApiToken> get(String id);

    /** @return {@code true} when a token was removed */
    boolean revoke(String id);

    /** Parses Rundeck's duration syntax ({@code 30d}, {@code 12h}, {@code 1d12h}, {@code 90m}, {@code 45s}, {@code 2w}, {@code 1y}). */
    static Duration parseDuration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)\\s*([smhdwy])").matcher(text.trim());
        long seconds = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end && !text.trim().substring(end, m.start()).isBlank()) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            seconds += n * switch (m.group(2)) {
                case "s" -> 1L;
                case "m" -> 60L;
                case "h" -> 3600L;
                case "d" -> 86400L;
                case "w" -> 7 * 86400L;
                default -> 365 * 86400L;
            };
            end = m.end();
        }
        if (end == 0 || end != text.trim().length()) {
            if (text.trim().matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(text.trim()));
            }
            throw new IllegalArgumentException("invalid duration '" + text + "': use a number with s, m, h, d, w or y, e.g. 30d or 1d12h");
        }
        return Duration.ofSeconds(seconds);
    }
}

package org.windlass.api.security;

import java.time.Instant;
import java.util.Set;

/**
 * An API token as listed: everything but its secret, which is shown once at creation and stored
 * only as a hash.
 *
 * @param id         the token's id (UUID)
 * @param user       the user the token authenticates as
 * @param creator    who created it
 * @param name       a label, may be {@code null}
 * @param roles      the roles a request made with the token has
 * @param expiration when it stops working, {@code null} for never
 */
public record ApiToken(String id, String user, String creator, String name, Set<String> roles, Instant expiration) {

    public ApiToken {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** @return {@code true} when the token has expired at {@code now} */
    public boolean isExpired(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }
}

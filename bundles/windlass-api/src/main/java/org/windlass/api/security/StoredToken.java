package org.windlass.api.security;

import java.time.Instant;
import java.util.List;

/**
 * An API token as the cluster database holds it: the SHA-256 of its secret, never the secret.
 * Used between the security and persistence bundles only.
 *
 * @param id         the token's id
 * @param hash       hex SHA-256 of the secret
 * @param user       who it authenticates as
 * @param creator    who created it
 * @param name       a label, may be {@code null}
 * @param roles      its roles
 * @param expiration when it stops working, {@code null} for never
 * @param created    when it was created
 */
public record StoredToken(String id, String hash, String user, String creator, String name, List<String> roles,
                          Instant expiration, Instant created) {
    public StoredToken {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }
}

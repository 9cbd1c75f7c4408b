package org.windlass.api.security;

import java.util.Set;

/**
 * Who a request or a shell session acts as.
 *
 * @param name   the user name
 * @param roles  the roles (JAAS role principals, or a token's roles)
 * @param method how the user proved it: {@code basic}, {@code session}, {@code token}, {@code shell}
 */
public record AuthenticatedUser(String name, Set<String> roles, String method) {

    /** The role that may do everything, including managing other users' tokens. */
    public static final String ADMIN_ROLE = "admin";

    public AuthenticatedUser {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an authenticated user needs a name");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** @return {@code true} when the user has the admin role */
    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }
}

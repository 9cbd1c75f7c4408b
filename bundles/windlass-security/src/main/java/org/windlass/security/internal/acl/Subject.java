package org.windlass.security.internal.acl;

import java.util.Objects;
import java.util.Set;

/**
 * Who asks: a username, the user's groups (roles) and, optionally, URN principals (matched by a policy's
 * {@code by: urn:} entries). Immutable; the sets are copied.
 *
 * @param username the login name, never null
 * @param groups   the user's groups, possibly empty
 * @param urns     URN principals such as {@code project:ops}, possibly empty
 */
public record Subject(String username, Set<String> groups, Set<String> urns) {

    public Subject {
        Objects.requireNonNull(username, "username");
        groups = Set.copyOf(groups);
        urns = Set.copyOf(urns);
    }

    /** A subject without URN principals. */
    public Subject(String username, Set<String> groups) {
        this(username, groups, Set.of());
    }
}

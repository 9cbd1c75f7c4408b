package org.windlass.api.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The users and groups of the realm's database login module, in the cluster database; provided by
 * windlass-persistence for windlass-security. Every method is one transaction.
 */
@ProviderType
public interface UserRepository {

    /**
     * A stored user.
     *
     * @param passwordHash the stored credential ({@code BCRYPT:...}), never a password
     * @param groups       in name order
     */
    record StoredUser(String name, String passwordHash, String email, String firstName, String lastName, boolean enabled,
                      Set<String> groups, Instant updated) {
        public StoredUser {
            groups = groups == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(groups));
        }
    }

    /** A group. */
    record StoredGroup(String name, String description, int members) {
    }

    List<StoredUser> list();

    Optional<StoredUser> find(String name);

    /**
     * Creates a user; groups it names that do not exist are created.
     *
     * @return false when a user of that name exists (nothing changes)
     */
    boolean create(StoredUser user);

    /**
     * Replaces a user's details, password hash and groups (groups that do not exist are created).
     *
     * @return false when there is no such user
     */
    boolean update(StoredUser user);

    boolean delete(String name);

    List<StoredGroup> groups();

    /** @return false when the group exists */
    boolean createGroup(String name, String description);

    /** Deletes a group; its members lose it. @return false when there was none */
    boolean deleteGroup(String name);
}

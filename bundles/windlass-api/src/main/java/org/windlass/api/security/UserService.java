package org.windlass.api.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The users and groups of the {@code windlass} realm's database login module, shared by every
 * member: a user added through one member logs in on all of them at once. Passwords are stored as
 * bcrypt hashes and never returned or logged. Provided by windlass-security. Thread-safe.
 */
@ProviderType
public interface UserService {

    /** A user as shown: never its password. */
    record User(String name, String email, String firstName, String lastName, boolean enabled, Set<String> groups) {
        public User {
            groups = groups == null ? Set.of() : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(groups));
        }
    }

    /** A group and how many users it has. */
    record Group(String name, String description, int members) {
    }

    List<User> list();

    Optional<User> get(String name);

    /**
     * @throws IllegalArgumentException naming the problem: a bad name, a password shorter than 8 characters, a bad group
     * @throws IllegalStateException when the user exists
     */
    User create(String name, char[] password, Set<String> groups, String email, String firstName, String lastName);

    /** @throws java.util.NoSuchElementException when there is no such user */
    void setPassword(String name, char[] password);

    /** Replaces the user's groups, details and whether it may log in; {@code null} keeps a value. */
    User update(String name, Set<String> groups, String email, String firstName, String lastName, Boolean enabled);

    boolean delete(String name);

    List<Group> groups();

    /** @throws IllegalStateException when it exists */
    Group createGroup(String name, String description);

    boolean deleteGroup(String name);

    /**
     * Checks a password.
     *
     * @return the user's groups when the user exists, is enabled and the password matches
     */
    Optional<Set<String>> authenticate(String name, char[] password);
}

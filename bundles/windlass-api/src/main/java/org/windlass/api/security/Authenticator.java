package org.windlass.api.security;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Logs a user in against the member's JAAS realm ({@code windlass}), the same realm the web
 * console and the SSH shell use. Thread-safe.
 */
@ProviderType
public interface Authenticator {

    /** The JAAS realm every front door uses. */
    String REALM = "windlass";

    /**
     * @return the user with its roles, or empty when the name or password is wrong; the password
     *         array is not kept
     */
    Optional<AuthenticatedUser> login(String username, char[] password);

    /**
     * Logs a user in from an address, with failed logins counted per user and per address.
     *
     * @param address the client's address, for the count of failures and the audit log
     * @throws LoginThrottledException when too many logins of the user or from the address failed lately
     */
    default Optional<AuthenticatedUser> login(String username, char[] password, String address) {
        return login(username, password);
    }
}

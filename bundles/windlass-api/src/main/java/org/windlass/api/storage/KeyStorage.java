package org.windlass.api.storage;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Key storage as the REST API, the shell and operators see it: entries can be written, listed,
 * described and deleted; only public keys can be read back. Private keys and passwords are
 * write-only here: their content is reachable only through {@link SecretResolver}, which only
 * the engine uses.
 *
 * <p>Paths are {@code keys/} followed by one or more segments of letters, digits and
 * {@code . _ - + @}, no {@code .}/{@code ..} segment, no empty segment, at most 700 characters.
 * Bad input throws {@link IllegalArgumentException} naming the problem and stores nothing.
 * Thread-safe; every write is one transaction.
 */
@ProviderType
public interface KeyStorage {

    /** Largest content accepted, in bytes. */
    int MAX_CONTENT = 256 * 1024;

    /** @return the entry at {@code path}, when it exists */
    Optional<KeyInfo> info(String path);

    /** @return the directory at {@code path} (empty when nothing is under it) */
    KeyListing list(String path);

    /**
     * Creates an entry.
     *
     * @throws KeyExistsException when an entry exists at that path
     */
    KeyInfo create(String path, KeyType type, byte[] content);

    /**
     * Replaces an existing entry's content (and type).
     *
     * @throws KeyNotFoundException when there is none
     */
    KeyInfo update(String path, KeyType type, byte[] content);

    /**
     * Deletes an entry.
     *
     * @throws KeyNotFoundException when there is none
     */
    void delete(String path);

    /**
     * @return a public key's content
     * @throws KeyNotFoundException  when there is no entry
     * @throws SecretAccessException when the entry is a private key or a password
     */
    byte[] readPublicKey(String path);
}

package org.windlass.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads the content of private keys and passwords, for the engine only (SSH authentication,
 * secure job options). Never expose what it returns: not in an API answer, a shell command or a
 * log. The caller clears the returned array when done.
 */
@ProviderType
public interface SecretResolver {

    /**
     * @throws KeyNotFoundException when there is no entry at {@code path}
     */
    byte[] read(String path);
}

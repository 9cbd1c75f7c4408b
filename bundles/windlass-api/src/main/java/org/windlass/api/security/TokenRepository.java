package org.windlass.api.security;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * API tokens in the cluster database (windlass-persistence), so that a token created through one
 * member works on every member. Every method is one transaction; a database that cannot be
 * reached throws {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface TokenRepository {

    void insert(StoredToken token);

    Optional<StoredToken> findByHash(String hash);

    Optional<StoredToken> findById(String id);

    /** @param user only this user's tokens, or {@code null} for all; oldest first */
    List<StoredToken> list(String user);

    /** @return whether a token was removed */
    boolean delete(String id);
}

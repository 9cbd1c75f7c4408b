package org.windlass.api.storage;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Encrypted key storage records in the cluster database, provided by windlass-persistence for
 * windlass-storage (which encrypts and decrypts). Every method is one transaction; a database that
 * cannot be reached throws {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface KeyRecordRepository {

    Optional<KeyRecord> find(String path);

    /** @throws KeyExistsException when a record has that path */
    void insert(KeyRecord record);

    /** @throws KeyNotFoundException when no record has that path */
    void update(KeyRecord record);

    /** @return whether a record was deleted */
    boolean delete(String path);

    /**
     * @param prefix a directory path, without trailing slash
     * @return every record below it (at any depth), by path, without ciphertext
     */
    List<KeyRecord> listBelow(String prefix);

    /**
     * Rewrites every record in one transaction (all rows locked), e.g. to re-encrypt under a new
     * master key: all of them change, or none.
     *
     * @return how many records were rewritten
     */
    int rewriteAll(UnaryOperator<KeyRecord> rewrite);
}

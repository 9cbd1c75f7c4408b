package org.windlass.api.storage;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/** Re-encrypts every key storage entry under a new master key (shell {@code windlass:keys-reencrypt}). */
@ProviderType
public interface MasterKeyRotation {

    /**
     * @param count         how many entries were re-encrypted
     * @param oldKeyId      the id of the key they were under
     * @param newKeyId      the id of the key they are under now
     * @param newKeyFile    where the new key was written
     */
    record Result(int count, String oldKeyId, String newKeyId, Path newKeyFile) {
    }

    /** @return the id of the master key this member encrypts with */
    String currentKeyId();

    /**
     * Generates a new master key, writes it to {@code keyFile} (mode 0600; {@code null} for this
     * member's own key file), and re-encrypts every entry under it in one transaction. On any
     * failure nothing is re-encrypted and the member keeps its key.
     */
    Result reencrypt(Path keyFile);
}

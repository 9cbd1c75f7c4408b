package org.windlass.api.storage;

import java.time.Instant;

/**
 * A key storage entry as the database holds it: its content is encrypted. Used between the
 * storage and persistence bundles only.
 *
 * @param path        the full path
 * @param type        private, public or password
 * @param ciphertext  the encrypted content, {@code null} in listings
 * @param masterKeyId which master key encrypted it
 * @param size        the plaintext size in bytes
 * @param created     creation time
 * @param modified    last write time
 */
public record KeyRecord(String path, KeyType type, byte[] ciphertext, String masterKeyId, long size,
                        Instant created, Instant modified) {

    /** @return the entry's metadata */
    public KeyInfo info() {
        return new KeyInfo(path, type, size, created, modified);
    }
}

package org.windlass.api.storage;

import java.time.Instant;

/**
 * What may be known of a key storage entry without its content.
 *
 * @param path     the full path, starting with {@code keys/}
 * @param type     private, public or password
 * @param size     the content's size in bytes
 * @param created  when it was created
 * @param modified when it was last written
 */
public record KeyInfo(String path, KeyType type, long size, Instant created, Instant modified) {

    /** @return the last path segment */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}

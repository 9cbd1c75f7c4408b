package org.windlass.api.storage;

import java.util.List;

/**
 * A directory of key storage.
 *
 * @param path        the directory's path ({@code keys} or {@code keys/...})
 * @param directories the paths of its sub-directories
 * @param keys        the entries directly in it
 */
public record KeyListing(String path, List<String> directories, List<KeyInfo> keys) {
    public KeyListing {
        directories = List.copyOf(directories);
        keys = List.copyOf(keys);
    }
}

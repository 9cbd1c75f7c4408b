package org.windlass.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node of a project's resource model, as Rundeck defines it: a name unique in the project, the
 * host to reach (optionally {@code host:port}), the remote user, tags and free attributes
 * ({@code osFamily}, {@code node-executor}, {@code ssh-key-storage-path}, ...).
 *
 * @param name        the node name, never blank
 * @param hostname    host name or address, optionally with {@code :port}; never blank
 * @param username    the remote user, may be {@code null} when the executor has a default
 * @param description free text, may be {@code null}
 * @param tags        tags, never {@code null}
 * @param attributes  every other attribute by name, never {@code null}
 */
public record Node(String name, String hostname, String username, String description,
                   Set<String> tags, Map<String, String> attributes) {

    /** Attribute naming the {@link org.windlass.api.spi.NodeExecutor} plugin for the node. */
    public static final String ATTR_NODE_EXECUTOR = "node-executor";
    /** Attribute naming the {@link org.windlass.api.spi.FileCopier} plugin for the node. */
    public static final String ATTR_FILE_COPIER = "file-copier";

    public Node {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("node name must not be blank");
        }
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("node '" + name + "': hostname must not be blank");
        }
        tags = tags == null ? Set.of() : Set.copyOf(new TreeSet<>(tags));
        attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
    }

    /** @return the attribute's value, or {@code null} when the node does not have it */
    public String attribute(String key) {
        Objects.requireNonNull(key, "key");
        return attributes.get(key);
    }
}

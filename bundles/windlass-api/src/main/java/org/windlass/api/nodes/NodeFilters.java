package org.windlass.api.nodes;

import org.osgi.annotation.versioning.ProviderType;

/** Parses node filters. Thread-safe. */
@ProviderType
public interface NodeFilters {

    /**
     * @param text the filter; blank matches every node
     * @throws NodeFilterException naming the position and the problem; a filter that does not
     *                             parse never matches everything
     */
    NodeFilter parse(String text);
}

package org.windlass.api.nodes;

import java.util.function.Predicate;

import org.windlass.api.Node;

/**
 * A parsed node filter (Rundeck's syntax: {@code tags: web+prod !hostname: dev.* name: db1,db2}).
 * Immutable and thread-safe.
 */
public interface NodeFilter extends Predicate<Node> {

    /** @return the filter as written */
    String text();
}

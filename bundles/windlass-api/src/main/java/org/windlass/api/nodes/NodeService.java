package org.windlass.api.nodes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.Node;

/**
 * The nodes of a project: its configured sources ({@code resources.source.N.*}) merged in order
 * (a later node of the same name overrides an earlier one), plus this member's own server node,
 * cached and refreshed. A source that fails keeps its last good nodes in use and reports the
 * failure in {@link #sources}. Thread-safe.
 */
@ProviderType
public interface NodeService {

    /** Where one configured source stands. */
    enum Status { OK, FAILED, MISSING_PLUGIN }

    /**
     * @param index       the N of resources.source.N
     * @param type        its plugin name
     * @param status      ok, failed, or no such plugin installed
     * @param nodes       how many nodes it contributes now (its last good load)
     * @param lastSuccess when it last loaded, {@code null} never
     * @param lastAttempt when it was last tried
     * @param error       the last failure, {@code null} when ok
     */
    record SourceState(int index, String type, Status status, int nodes, Instant lastSuccess, Instant lastAttempt, String error) {
    }

    /**
     * @param filter Rundeck's node filter; blank for all nodes
     * @throws NodeFilterException when the filter does not parse
     * @throws org.windlass.api.project.ProjectNotFoundException when there is no such project
     */
    List<Node> nodes(String project, String filter);

    /** @return the node with that name */
    Optional<Node> node(String project, String name);

    /** @return the state of each configured source, by index */
    List<SourceState> sources(String project);

    /** Reloads every source of the project now. */
    void refresh(String project);

    /**
     * @return the nodes that source {@code index} last loaded
     * @throws IllegalArgumentException when the project has no such source
     */
    List<Node> sourceNodes(String project, int index);

    /**
     * Replaces the nodes of a writeable source (a {@code file} source with {@code writeable=true})
     * and reloads the project.
     *
     * @throws IllegalArgumentException when there is no such source or it is not writeable
     * @throws org.windlass.api.spi.PluginException when the source cannot store them
     */
    void replaceSourceNodes(String project, int index, List<Node> nodes) throws org.windlass.api.spi.PluginException;
}

package org.windlass.api.spi;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.Node;

/**
 * Copies a file (a workflow's script) to one node. The node's {@code file-copier} attribute (else
 * the project's default) names the plugin.
 *
 * <p>Threading and completion as {@link NodeExecutor}: returns at once; the future completes with
 * the remote path once the file is on the node, readable and executable only by the remote user,
 * or exceptionally with a {@link PluginException}. The caller removes the file after use through
 * {@link #remove}.
 */
@ConsumerType
public interface FileCopier {

    /** The value of {@link WindlassPlugin#TYPE} for file copiers. */
    String TYPE = "FileCopier";

    /**
     * @param executionId the execution the copy belongs to
     * @param node        the target node
     * @param source      the local file to copy
     * @param remotePath  the path to write on the node, or {@code null} to let the plugin choose a
     *                    private temporary path
     * @return a future of the path written on the node
     */
    CompletableFuture<String> copy(long executionId, Node node, Path source, String remotePath);

    /** Removes a file this copier wrote; completes normally when it is gone or was never there. */
    CompletableFuture<Void> remove(long executionId, Node node, String remotePath);

    /**
     * As {@link #copy(long, Node, Path, String)}, with the execution's project so that
     * project-level settings apply; the default ignores the project.
     */
    default CompletableFuture<String> copy(String project, long executionId, Node node, Path source, String remotePath) {
        return copy(executionId, node, source, remotePath);
    }

    /** As {@link #remove(long, Node, String)}, with the execution's project; the default ignores it. */
    default CompletableFuture<Void> remove(String project, long executionId, Node node, String remotePath) {
        return remove(executionId, node, remotePath);
    }

    /** As {@link NodeExecutor#executionEnded}: the default does nothing. */
    default void executionEnded(long executionId) {
    }
}

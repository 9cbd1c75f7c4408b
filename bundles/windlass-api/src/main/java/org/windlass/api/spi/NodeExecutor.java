package org.windlass.api.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.Node;

/**
 * Runs a command on one node. The node's {@code node-executor} attribute (else the project's
 * default) names the plugin: {@code local} for the member's own node, {@code ssh} for remote ones.
 *
 * <p>Threading: {@link #execute} must return at once; the work happens asynchronously (a process
 * reaper, non-blocking SSH channels), so that a dispatcher can start a thousand nodes without a
 * thousand threads. Output goes to the {@link OutputSink} as it arrives, from any thread.
 *
 * <p>Done: the future completes with the command's exit code once the command has ended and all
 * of its output has been delivered to the sink. It completes exceptionally with a
 * {@link PluginException} when the command could not be run (connection, authentication, host key,
 * timeout). Cancelling the future aborts the command on the node and frees its resources.
 */
@ConsumerType
public interface NodeExecutor {

    /** The value of {@link WindlassPlugin#TYPE} for node executors. */
    String TYPE = "NodeExecutor";

    /**
     * @param executionId the execution this command belongs to (for connection reuse and logging)
     * @param project     the execution's project (for project-level settings), may be {@code null}
     * @param node        the target node
     * @param command     the command and its arguments, not shell-quoted
     * @param environment environment variables for the command (Rundeck's {@code RD_*})
     * @param timeout     how long the command may run, {@code null} for no limit
     */
    record Request(long executionId, String project, Node node, List<String> command,
                   Map<String, String> environment, Duration timeout) {

        /** A request without a project: only node and framework settings apply. */
        public Request(long executionId, Node node, List<String> command, Map<String, String> environment,
                       Duration timeout) {
            this(executionId, null, node, command, environment, timeout);
        }

        public Request {
            if (node == null || command == null || command.isEmpty()) {
                throw new IllegalArgumentException("a node command needs a node and a command");
            }
            command = List.copyOf(command);
            environment = environment == null ? Map.of() : Map.copyOf(environment);
        }
    }

    /** @return a future of the exit code; see the class comment for its contract */
    CompletableFuture<Integer> execute(Request request, OutputSink output);

    /**
     * The execution has ended: the plugin may release what it kept for it (connections reused
     * between the execution's commands). Called once per execution that used the plugin; the
     * default does nothing.
     */
    default void executionEnded(long executionId) {
    }
}

package org.windlass.api.spi;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.Node;

/**
 * A workflow step type beyond the built-in {@code exec}, {@code script}, {@code scriptfile} and
 * {@code jobref}. The step's {@code type} in the job definition is the plugin's name.
 *
 * <p>Threading and completion as {@link NodeExecutor}: {@link #execute} returns at once; the
 * future completes normally when the step succeeded and exceptionally with a
 * {@link PluginException} when it failed (its message goes to the log). Cancelling aborts it.
 */
@ConsumerType
public interface StepPlugin {

    /** The value of {@link WindlassPlugin#TYPE} for step plugins. */
    String TYPE = "StepPlugin";

    /**
     * @param executionId the execution
     * @param project     the project
     * @param node        the node, for a node step; {@code null} for a workflow step
     * @param config      the step's settings from the job definition, options already expanded
     */
    record Context(long executionId, String project, Node node, Map<String, Object> config) {
        public Context {
            config = config == null ? Map.of() : Map.copyOf(config);
        }
    }

    /** Runs the step, writing output through {@code output}. */
    CompletableFuture<Void> execute(Context context, OutputSink output);
}

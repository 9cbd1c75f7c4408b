package org.windlass.api.spi;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.Node;

/**
 * A resource model source: yields the nodes of a project.
 *
 * <p>One plugin serves every source of its type: each project configures its sources with
 * Rundeck's keys ({@code resources.source.N.type=<name>}, {@code resources.source.N.config.*}),
 * and Windlass calls {@link #nodes(Request)} with that source's settings. Sources of a project are
 * merged in order, a later node of the same name overriding an earlier one.
 *
 * <p>Threading: called from Windlass's node-refresh threads, possibly for several projects at
 * once. The call may block (read a file, run a script, fetch a URL) but must honour
 * {@link Request#timeoutMillis()}.
 *
 * <p>Done: the call returns the complete node list of that source. On any failure it throws; it
 * never returns a partial or empty list in place of an error, because Windlass keeps the last good
 * nodes in use when a source fails.
 */
@ConsumerType
public interface NodeSource {

    /** The value of {@link WindlassPlugin#TYPE} for node sources. */
    String TYPE = "NodeSource";

    /**
     * @param project       the project's name
     * @param index         the source's index N in the project configuration
     * @param config        the source's {@code resources.source.N.config.*} settings, keys without prefix
     * @param timeoutMillis how long the call may take
     */
    record Request(String project, int index, Map<String, String> config, long timeoutMillis) {
        public Request {
            config = config == null ? Map.of() : Map.copyOf(config);
        }
    }

    /**
     * @return the nodes of this source, never {@code null}
     * @throws PluginException when the source cannot be read or parsed; the message names the
     *                         file, line, URL or exit code
     */
    List<Node> nodes(Request request) throws PluginException;

    /**
     * @return whether this source's nodes can be replaced through {@link #write} with these settings
     *         (Rundeck's {@code writeable} file sources)
     */
    default boolean isWriteable(Request request) {
        return false;
    }

    /**
     * Replaces the source's nodes (for a file source: rewrites the file, atomically). Done when the
     * next {@link #nodes} call returns them.
     *
     * @throws PluginException when the source cannot store them; nothing is changed then
     */
    default void write(Request request, List<Node> nodes) throws PluginException {
        throw new PluginException("NotWriteable", "source " + request.index() + " of project " + request.project() + " is not writeable");
    }
}

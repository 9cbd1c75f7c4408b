package org.windlass.api.nodes;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.Node;

/**
 * Reads and writes Rundeck's resource model documents (resourcexml, resourceyaml v13,
 * resourcejson) with every attribute of a node. Thread-safe.
 */
@ProviderType
public interface ResourceFormats {

    /**
     * @param source names the document in errors (a file path or URL)
     * @throws ResourceModelException naming the source, line and node
     */
    List<Node> parse(ResourceFormat format, InputStream in, String source);

    /** Writes the nodes; what is written parses back to the same nodes. */
    void write(ResourceFormat format, List<Node> nodes, OutputStream out);
}

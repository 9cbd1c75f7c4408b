package org.windlass.api.nodes;

/**
 * A resource model that cannot be read: the message names the source (file or URL), the line
 * when known, the node when known, and the problem.
 */
public class ResourceModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String node;

    public ResourceModelException(String source, int line, String node, String problem, Throwable cause) {
        super(describe(source, line, node, problem), cause);
        this.source = source;
        this.line = line;
        this.node = node;
    }

    private static String describe(String source, int line, String node, String problem) {
        StringBuilder b = new StringBuilder(source == null ? "resource model" : source);
        if (line > 0) {
            b.append(", line ").append(line);
        }
        if (node != null) {
            b.append(", node ").append(node);
        }
        return b.append(": ").append(problem).toString();
    }

    /** @return the file or URL, may be {@code null} */
    public String source() {
        return source;
    }

    /** @return the line, 0 when unknown */
    public int line() {
        return line;
    }

    /** @return the node's name, {@code null} when unknown */
    public String node() {
        return node;
    }
}

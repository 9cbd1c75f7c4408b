package org.windlass.api.nodes;

/** A node filter that does not parse: the message names the filter, the position and why. */
public class NodeFilterException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;

    public NodeFilterException(String filter, int position, String problem) {
        super("invalid node filter '" + filter + "' at position " + (position + 1) + ": " + problem);
        this.position = position;
    }

    /** @return the zero-based position of the problem */
    public int position() {
        return position;
    }
}

package org.windlass.api.job;

/**
 * A job document that cannot be read: the message names the job (by its position in the
 * document and its name when known), the line and the field.
 */
public class JobFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String field;

    /**
     * @param line  the 1-based line of the problem, 0 when unknown
     * @param field the field's path ({@code sequence.commands[2].exec}), {@code null} when not about a field
     */
    public JobFormatException(String message, int line, String field) {
        super(message);
        this.line = line;
        this.field = field;
    }

    /** @return the 1-based line, 0 when unknown */
    public int line() {
        return line;
    }

    /** @return the field's path, or {@code null} */
    public String field() {
        return field;
    }
}

package org.windlass.security.internal.acl;

/**
 * An aclpolicy text that is not valid YAML or breaks a rule of the aclpolicy format. The message reads
 * {@code <source>: line <n>: <location>: <rule>}, e.g.
 * {@code ops.aclpolicy: line 7: rule 2 of for.job: 'alow' is not a rule key (match, equals, contains, subset, allow, deny)};
 * the parts are also available separately. Immutable.
 */
public final class AclFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int line;
    private final String location;
    private final String rule;

    /**
     * @param sourceName the file or policy name the text came from
     * @param line       1-based line of the offending text, or 0 when the YAML library gave no position
     * @param location   where in the document, e.g. {@code document 2}, {@code context}, {@code rule 2 of for.job}
     * @param rule       the format rule that was broken, e.g. {@code 'description' is required}
     */
    public AclFormatException(String sourceName, int line, String location, String rule) {
        super(format(sourceName, line, location, rule));
        this.sourceName = sourceName;
        this.line = line;
        this.location = location;
        this.rule = rule;
    }

    private static String format(String sourceName, int line, String location, String rule) {
        StringBuilder message = new StringBuilder(sourceName).append(": ");
        if (line > 0) {
            message.append("line ").append(line).append(": ");
        }
        return message.append(location).append(": ").append(rule).toString();
    }

    /** The file or policy name given to the parser. */
    public String sourceName() {
        return sourceName;
    }

    /** The 1-based line of the offending text; 0 when unknown. */
    public int line() {
        return line;
    }

    /** Where in the document the problem is, e.g. {@code rule 2 of for.job} or {@code by.group}. */
    public String location() {
        return location;
    }

    /** The format rule that was broken, without source, line and location. */
    public String rule() {
        return rule;
    }
}

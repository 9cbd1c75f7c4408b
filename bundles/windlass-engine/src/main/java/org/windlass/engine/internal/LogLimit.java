package org.windlass.engine.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.windlass.api.ExecutionState;

/**
 * Rundeck's log output limit of a job: {@code loglimit} is {@code 1000} (lines of output in all),
 * {@code 100/node} (lines per node) or {@code 10MB} (bytes of output: B, KB, MB, GB);
 * {@code loglimitAction} is {@code halt} (the execution ends with {@code loglimitStatus}, default
 * {@code failed}) or {@code truncate} (the rest of the output is not logged; the execution goes
 * on).
 *
 * @param kind   what is counted
 * @param limit  how many lines or bytes are allowed
 * @param halt   halt (true) or truncate
 * @param status the state a halted execution ends in: failed or aborted
 * @param text   the limit as the job gave it
 */
public record LogLimit(Kind kind, long limit, boolean halt, ExecutionState status, String text) {

    public enum Kind { LINES, LINES_PER_NODE, BYTES }

    private static final Pattern FORM = Pattern.compile("^(\\d+)\\s*(/\\s*node|[kmg]?b)?$", Pattern.CASE_INSENSITIVE);

    /**
     * @return the limit, or {@code null} when the job has none
     * @throws IllegalArgumentException naming the field and the accepted forms
     */
    public static LogLimit parse(String loglimit, String action, String status) {
        if (loglimit == null || loglimit.isBlank()) {
            return null;
        }
        Matcher m = FORM.matcher(loglimit.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("loglimit '" + loglimit + "' is not a number of lines (1000), lines per node "
                    + "(100/node) or a size (10MB, with B, KB, MB or GB)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("loglimit '" + loglimit + "' is too large");
        }
        String unit = m.group(2) == null ? "" : m.group(2).replace(" ", "").toLowerCase(Locale.ROOT);
        Kind kind;
        long limit;
        switch (unit) {
            case "" -> { kind = Kind.LINES; limit = n; }
            case "/node" -> { kind = Kind.LINES_PER_NODE; limit = n; }
            case "b" -> { kind = Kind.BYTES; limit = n; }
            case "kb" -> { kind = Kind.BYTES; limit = n * 1024; }
            case "mb" -> { kind = Kind.BYTES; limit = n * 1024 * 1024; }
            default -> { kind = Kind.BYTES; limit = n * 1024 * 1024 * 1024; }
        }
        String a = action == null || action.isBlank() ? "halt" : action.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("halt") && !a.equals("truncate")) {
            throw new IllegalArgumentException("loglimitAction '" + action + "' is neither halt nor truncate");
        }
        String s = status == null || status.isBlank() ? "failed" : status.trim().toLowerCase(Locale.ROOT);
        ExecutionState st = switch (s) {
            case "failed" -> ExecutionState.FAILED;
            case "aborted" -> ExecutionState.ABORTED;
            default -> throw new IllegalArgumentException("loglimitStatus '" + status + "' is neither failed nor aborted "
                    + "(custom statuses are not supported)");
        };
        return new LogLimit(kind, limit, a.equals("halt"), st, loglimit.trim());
    }
}

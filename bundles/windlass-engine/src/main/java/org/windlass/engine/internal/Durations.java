package org.windlass.engine.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rundeck's durations: {@code 120} (seconds), {@code 90s}, {@code 6h 30m}, {@code 1d 2h 3m 4s}. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)\\s*([dhms]?)", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    static Duration parse(String text, String what) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        Matcher m = PART.matcher(t);
        long seconds = 0;
        int pos = 0;
        while (pos < t.length()) {
            if (Character.isWhitespace(t.charAt(pos))) {
                pos++;
                continue;
            }
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException(what + " '" + text + "' is not a duration (e.g. 120, 90s, 6h 30m, 1d)");
            }
            long n = Long.parseLong(m.group(1));
            seconds += switch (m.group(2).toLowerCase()) {
                case "d" -> n * 86_400;
                case "h" -> n * 3_600;
                case "m" -> n * 60;
                default -> n;
            };
            pos = m.end();
        }
        return Duration.ofSeconds(seconds);
    }
}

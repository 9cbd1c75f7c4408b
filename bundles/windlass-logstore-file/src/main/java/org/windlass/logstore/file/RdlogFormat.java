package org.windlass.logstore.file;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;

/**
 * Rundeck's {@code text/x-rundeck-log-v2.0} format, one event per physical line:
 *
 * <pre>
 * ^text/x-rundeck-log-v2.0^
 * ^2026-11-24T20:01:02.123Z|type|LEVEL|{node=web1|stepctx=1|k=v}|message^
 * ^END^
 * </pre>
 *
 * The type is blank for {@code log}, the level blank for {@code NORMAL}. Escapes: {@code \\},
 * {@code \^}, {@code \n}, {@code \r} everywhere; also {@code \|}, {@code \}} and {@code \=} in the
 * type and in metadata keys and values. So a line break byte only ever ends a line. The event's
 * node is stored as the metadata entry {@code node}, its step context as {@code stepctx}; reading
 * gives them back as the event's fields (a metadata entry of those names is taken for them).
 */
final class RdlogFormat {

    static final String HEADER = "^text/x-rundeck-log-v2.0^";
    static final String TRAILER = "^END^";
    static final byte[] HEADER_LINE = (HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRAILER_LINE = (TRAILER + "\n").getBytes(StandardCharsets.US_ASCII);
    /** How a complete log ends: the trailer on a line of its own. */
    static final byte[] COMPLETE_END = ("\n" + TRAILER + "\n").getBytes(StandardCharsets.US_ASCII);

    static final String NODE = "node";
    static final String STEP_CONTEXT = "stepctx";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private RdlogFormat() {
    }

    /** @return the event as one line, with its {@code \n} */
    static byte[] encode(LogEvent event) {
        StringBuilder sb = new StringBuilder(80 + event.message().length());
        sb.append('^').append(TIME.format(event.time())).append('|');
        if (!"log".equals(event.type())) {
            escape(sb, event.type(), true);
        }
        sb.append('|');
        if (event.level() != LogLevel.NORMAL) {
            sb.append(event.level().name());
        }
        sb.append("|{");
        boolean first = true;
        if (event.node() != null) {
            first = entry(sb, NODE, event.node(), first);
        }
        if (event.stepContext() != null) {
            first = entry(sb, STEP_CONTEXT, event.stepContext(), first);
        }
        for (Map.Entry<String, String> e : new TreeMap<>(event.metadata()).entrySet()) {
            if (NODE.equals(e.getKey()) && event.node() != null
                    || STEP_CONTEXT.equals(e.getKey()) && event.stepContext() != null) {
                continue; // the event's own field wins
            }
            first = entry(sb, e.getKey(), e.getValue(), first);
        }
        sb.append("}|");
        escape(sb, event.message(), false);
        sb.append("^\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean entry(StringBuilder sb, String key, String value, boolean first) {
        if (!first) {
            sb.append('|');
        }
        escape(sb, key, true);
        sb.append('=');
        escape(sb, value, true);
        return false;
    }

    private static void escape(StringBuilder sb, String s, boolean field) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '^' -> sb.append("\\^");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '|', '}', '=' -> {
                    if (field) {
                        sb.append('\\');
                    }
                    sb.append(c);
                }
                default -> sb.append(c);
            }
        }
    }

    /**
     * @param line one line without its {@code \n}
     * @return the event
     * @throws IllegalArgumentException when the line is not an event; the message says why
     */
    static LogEvent parse(String line) {
        int end = line.length() - 1;
        if (line.length() < 2 || line.charAt(0) != '^' || line.charAt(end) != '^' || escaped(line, end)) {
            throw new IllegalArgumentException("an event line starts and ends with '^'");
        }
        Cursor c = new Cursor(line, 1, end);
        String time = c.token("|", "time");
        String type = c.token("|", "type");
        String level = c.token("|", "level");
        c.expect('{');
        Map<String, String> meta = new LinkedHashMap<>();
        if (c.peek() == '}') {
            c.expect('}');
        } else {
            char stop;
            do {
                String key = c.token("=", "metadata key");
                String value = c.token("|}", "metadata value");
                stop = c.last;
                meta.put(key, value);
            } while (stop == '|');
        }
        c.expect('|');
        String message = c.rest();
        Instant instant;
        try {
            instant = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad time '" + time + "'", e);
        }
        LogLevel logLevel;
        try {
            logLevel = level.isEmpty() ? LogLevel.NORMAL : LogLevel.valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown level '" + level + "'", e);
        }
        String node = meta.remove(NODE);
        String stepContext = meta.remove(STEP_CONTEXT);
        return new LogEvent(instant, logLevel, type.isEmpty() ? "log" : type, node, stepContext, message, meta);
    }

    private static boolean escaped(String s, int index) {
        int n = 0;
        for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** Reads escaped tokens of a line. */
    private static final class Cursor {
        private final String s;
        private final int end;
        private int pos;
        char last;

        Cursor(String s, int start, int end) {
            this.s = s;
            this.pos = start;
            this.end = end;
        }

        char peek() {
            return pos < end ? s.charAt(pos) : 0;
        }

        void expect(char c) {
            if (pos >= end || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        /** @return the unescaped text up to one of the stop characters, which is consumed */
        String token(String stops, String what) {
            StringBuilder sb = new StringBuilder();
            while (pos < end) {
                char c = s.charAt(pos++);
                if (c == '\\') {
                    sb.append(unescape(pos < end ? s.charAt(pos++) : '\\'));
                } else if (stops.indexOf(c) >= 0) {
                    last = c;
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            throw new IllegalArgumentException("the " + what + " is not terminated");
        }

        String rest() {
            StringBuilder sb = new StringBuilder(end - pos);
            while (pos < end) {
                char c = s.charAt(pos++);
                sb.append(c == '\\' && pos < end ? unescape(s.charAt(pos++)) : c);
            }
            return sb.toString();
        }

        private static char unescape(char c) {
            return switch (c) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> c;
            };
        }
    }
}

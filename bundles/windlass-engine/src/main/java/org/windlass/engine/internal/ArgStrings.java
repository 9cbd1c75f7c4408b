package org.windlass.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rundeck's argument strings ({@code -name value -other "two words"}) and command-line tokens.
 */
final class ArgStrings {

    private ArgStrings() {
    }

    /**
     * Splits a line into tokens: whitespace separates, single and double quotes group, a backslash
     * escapes the next character outside single quotes.
     *
     * @throws IllegalArgumentException naming the problem when a quote is not closed
     */
    static List<String> tokenize(String line) {
        List<String> tokens = new ArrayList<>();
        if (line == null) {
            return tokens;
        }
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()
                        && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
            } else {
                cur.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote in: " + line);
        }
        if (inToken) {
            tokens.add(cur.toString());
        }
        return tokens;
    }

    /**
     * Parses {@code -name value} pairs. A name without a value (followed by another {@code -name} or
     * the end) gets the empty string.
     *
     * @throws IllegalArgumentException naming the token that is not an option name
     */
    static Map<String, String> parseOptions(String argString) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> tokens = tokenize(argString);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (!t.startsWith("-") || t.length() < 2) {
                throw new IllegalArgumentException("argument string: expected -optionName, found '" + t + "'");
            }
            String name = t.substring(1);
            String value = "";
            if (i + 1 < tokens.size() && !(tokens.get(i + 1).startsWith("-") && tokens.get(i + 1).length() > 1
                    && Character.isLetter(tokens.get(i + 1).charAt(1)))) {
                value = tokens.get(++i);
            }
            values.put(name, value);
        }
        return values;
    }

    /** Writes option values as an argument string, quoting values that need it. */
    static String format(Map<String, String> options) {
        StringBuilder sb = new StringBuilder();
        options.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('-').append(k).append(' ').append(quote(v));
        });
        return sb.toString();
    }

    /** Quotes a value for an argument string or a POSIX shell when it holds anything but safe characters. */
    static String quote(String v) {
        if (v == null || v.isEmpty()) {
            return "''";
        }
        if (v.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return v;
        }
        return "'" + v.replace("'", "'\"'\"'") + "'";
    }
}

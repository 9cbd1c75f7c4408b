package org.windlass.shell.command;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses {@code key=value} arguments. */
final class KeyValues {

    private KeyValues() {
    }

    static Map<String, String> parse(List<String> args) {
        Map<String, String> out = new TreeMap<>();
        if (args == null) {
            return out;
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + arg + "' is not key=value");
            }
            out.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return out;
    }
}

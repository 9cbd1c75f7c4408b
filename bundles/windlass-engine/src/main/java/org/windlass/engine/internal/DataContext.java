package org.windlass.engine.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.windlass.api.Node;

/**
 * Rundeck's data context: {@code ${option.x}}, {@code ${job.name}}, {@code ${node.hostname}} in
 * commands and arguments, {@code @option.x@} in inline scripts, and the {@code RD_*} environment.
 */
final class DataContext {

    private static final Pattern REF = Pattern.compile("\\$\\{(option|job|node|secureOption|globals)\\.([^}\\s]+)}");
    private static final Pattern SCRIPT_REF = Pattern.compile("@(option|job|node|globals)\\.([A-Za-z0-9_.-]+)@");

    private final Map<String, Map<String, String>> contexts = new HashMap<>();

    DataContext() {
    }

    private DataContext(DataContext parent) {
        parent.contexts.forEach((k, v) -> contexts.put(k, new HashMap<>(v)));
    }

    DataContext put(String context, String key, String value) {
        if (value != null) {
            contexts.computeIfAbsent(context, c -> new HashMap<>()).put(key, value);
        }
        return this;
    }

    Map<String, String> context(String name) {
        return contexts.getOrDefault(name, Map.of());
    }

    /** @return a copy with the node's context */
    DataContext withNode(Node node) {
        DataContext d = new DataContext(this);
        d.contexts.remove("node");
        d.put("node", "name", node.name()).put("node", "hostname", node.hostname())
                .put("node", "username", node.username()).put("node", "description", node.description())
                .put("node", "tags", String.join(",", node.tags()));
        node.attributes().forEach((k, v) -> d.put("node", k, v));
        return d;
    }

    /** Replaces {@code ${ctx.key}}; a reference to a known context without that key becomes empty. */
    String expand(String text) {
        return replace(REF, text);
    }

    /** Replaces {@code @ctx.key@} in a script's text, and {@code ${ctx.key}} as Rundeck does. */
    String expandScript(String text) {
        return replace(SCRIPT_REF, text);
    }

    private String replace(Pattern p, String text) {
        if (text == null || text.indexOf(p == REF ? '$' : '@') < 0) {
            return text;
        }
        Matcher m = p.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String ctx = m.group(1);
            String v = contexts.getOrDefault(ctx, Map.of()).get(m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** @return Rundeck's environment: {@code RD_OPTION_*}, {@code RD_JOB_*}, {@code RD_NODE_*} */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        for (String ctx : new String[] {"option", "job", "node", "globals"}) {
            context(ctx).forEach((k, v) -> env.put("RD_" + envName(ctx) + "_" + envName(k), v));
        }
        return env;
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}

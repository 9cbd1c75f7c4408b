package org.windlass.nodes.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.Node;
import org.windlass.api.nodes.NodeFilter;
import org.windlass.api.nodes.NodeFilterException;
import org.windlass.api.nodes.NodeFilters;

/**
 * Rundeck's node filter language.
 *
 * <ul>
 * <li>{@code attr: value} selects nodes whose attribute matches the value; a bare value selects by
 *     node name ({@code name}); {@code !attr: value} excludes.</li>
 * <li>A value is a comma list of alternatives; each alternative matches when it equals the
 *     attribute or, as a Java regular expression, matches all of it.</li>
 * <li>{@code tags: a+b,c}: nodes with tags a and b, or with tag c.</li>
 * <li>The same attribute given twice: its values are alternatives. Different attributes must all
 *     match. A node matching any exclusion is left out, whatever it includes.</li>
 * <li>Values may be quoted with {@code "} or {@code '} to hold spaces.</li>
 * <li>{@code name}/{@code nodename}, {@code hostname}, {@code username}, {@code description} and
 *     {@code tags} are the node's own fields; any other name is a node attribute.</li>
 * </ul>
 */
@Component(service = NodeFilters.class)
public class RundeckNodeFilters implements NodeFilters {

    private static final Pattern KEY = Pattern.compile("!?[A-Za-z0-9_.\\-]+");

    @Override
    public NodeFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return new Compiled(text == null ? "" : text, Map.of(), Map.of());
        }
        Map<String, List<Alternative>> include = new LinkedHashMap<>();
        Map<String, List<Alternative>> exclude = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            // a key is [!]name followed by ':' and then whitespace or the value
            int colon = -1;
            int j = i;
            while (j < n && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '"' && text.charAt(j) != '\'') {
                if (text.charAt(j) == ':') {
                    colon = j;
                    break;
                }
                j++;
            }
            String attribute = "name";
            boolean negate = false;
            if (colon > i && KEY.matcher(text.substring(i, colon)).matches()) {
                String key = text.substring(i, colon);
                negate = key.startsWith("!");
                attribute = canonical(negate ? key.substring(1) : key);
                i = colon + 1;
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    throw new NodeFilterException(text, start, "attribute '" + attribute + "' has no value");
                }
            } else if (text.charAt(i) == '!') {
                throw new NodeFilterException(text, start, "'!' must be followed by attribute: value");
            }
            int valueStart = i;
            StringBuilder value = new StringBuilder();
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                char c = text.charAt(i);
                if (c == '"' || c == '\'') {
                    int close = text.indexOf(c, i + 1);
                    if (close < 0) {
                        throw new NodeFilterException(text, i, "unterminated quote " + c);
                    }
                    value.append(text, i + 1, close);
                    i = close + 1;
                } else {
                    value.append(c);
                    i++;
                }
            }
            if (value.length() == 0) {
                throw new NodeFilterException(text, valueStart, "empty value for '" + attribute + "'");
            }
            List<Alternative> alternatives = (negate ? exclude : include).computeIfAbsent(attribute, k -> new ArrayList<>());
            for (String alt : value.toString().split(",")) {
                if (alt.isEmpty()) {
                    throw new NodeFilterException(text, valueStart, "empty alternative in '" + value + "'");
                }
                alternatives.add(alternative(text, valueStart, attribute, alt));
            }
        }
        return new Compiled(text, include, exclude);
    }

    private static String canonical(String attribute) {
        return attribute.equals("nodename") ? "name" : attribute;
    }

    private static Alternative alternative(String text, int position, String attribute, String value) {
        if (attribute.equals("tags")) {
            String[] all = value.split("\\+");
            List<ValueMatcher> required = new ArrayList<>();
            for (String tag : all) {
                if (tag.isEmpty()) {
                    throw new NodeFilterException(text, position, "empty tag in '" + value + "'");
                }
                required.add(matcher(text, position, tag));
            }
            return new Alternative(required);
        }
        return new Alternative(List.of(matcher(text, position, value)));
    }

    private static ValueMatcher matcher(String text, int position, String value) {
        try {
            return new ValueMatcher(value, Pattern.compile(value));
        } catch (PatternSyntaxException e) {
            throw new NodeFilterException(text, position, "'" + value + "' is not a valid regular expression: " + e.getDescription());
        }
    }

    /** One value: equal, or matching as a regular expression. */
    record ValueMatcher(String literal, Pattern pattern) {
        boolean matches(String actual) {
            return actual != null && (literal.equals(actual) || pattern.matcher(actual).matches());
        }
    }

    /** One comma alternative; for tags, every '+' part must match some tag. */
    record Alternative(List<ValueMatcher> all) {
        boolean matches(Node node, String attribute) {
            if (attribute.equals("tags")) {
                for (ValueMatcher m : all) {
                    boolean any = false;
                    for (String tag : node.tags()) {
                        if (m.matches(tag)) {
                            any = true;
                            break;
                        }
                    }
                    if (!any) {
                        return false;
                    }
                }
                return true;
            }
            return all.get(0).matches(value(node, attribute));
        }
    }

    static String value(Node node, String attribute) {
        return switch (attribute) {
            case "name" -> node.name();
            case "hostname" -> node.hostname();
            case "username" -> node.username();
            case "description" -> node.description();
            default -> node.attributes().get(attribute);
        };
    }

    /** A parsed filter. */
    record Compiled(String text, Map<String, List<Alternative>> include, Map<String, List<Alternative>> exclude) implements NodeFilter {

        @Override
        public boolean test(Node node) {
            for (Map.Entry<String, List<Alternative>> e : exclude.entrySet()) {
                if (any(node, e.getKey(), e.getValue())) {
                    return false;
                }
            }
            for (Map.Entry<String, List<Alternative>> e : include.entrySet()) {
                if (!any(node, e.getKey(), e.getValue())) {
                    return false;
                }
            }
            return true;
        }

        private static boolean any(Node node, String attribute, List<Alternative> alternatives) {
            for (Alternative a : alternatives) {
                if (a.matches(node, attribute)) {
                    return true;
                }
            }
            return false;
        }
    }
}

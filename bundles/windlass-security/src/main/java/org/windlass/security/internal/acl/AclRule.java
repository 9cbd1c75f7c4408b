package org.windlass.security.internal.acl;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a resource type in a policy's {@code for:} section: matchers that select resources and the actions
 * allowed and denied on them. A rule matches a resource when every matcher entry matches (a rule without matchers
 * matches every resource of its type):
 * <ul>
 * <li>{@code match: {attr: regex | [regex...]}} - the attribute is present and every regex matches its whole value;</li>
 * <li>{@code equals: {attr: value}} - the attribute is present and equal to the value;</li>
 * <li>{@code contains: {attr: value | [value...]}} - the attribute is present and its values include all of them;</li>
 * <li>{@code subset: {attr: [value...]}} - every value of the attribute is in the list (an absent attribute, having
 * no values, passes, as in Rundeck).</li>
 * </ul>
 * Resource attribute values are a {@code String} or a {@code Collection<String>}. For {@code match} and
 * {@code equals} a collection is read as its comma-joined text; for {@code contains} and {@code subset} a string is
 * read as a comma-separated list whose items are trimmed (empty items dropped) - so {@code tags: "a, b"} and
 * {@code tags: List.of("a", "b")} behave alike. Action {@code *} stands for every action. Immutable.
 *
 * @param index    1-based position of the rule within its type's list
 * @param line     1-based line where the rule starts in its source
 * @param match    {@code match:} entries, attribute to compiled regexes
 * @param equal    {@code equals:} entries, attribute to exact value
 * @param contains {@code contains:} entries, attribute to required values
 * @param subset   {@code subset:} entries, attribute to permitted values
 * @param allow    actions allowed, possibly empty
 * @param deny     actions denied, possibly empty
 */
public record AclRule(
        int index,
        int line,
        Map<String, List<Pattern>> match,
        Map<String, String> equal,
        Map<String, Set<String>> contains,
        Map<String, Set<String>> subset,
        Set<String> allow,
        Set<String> deny) {

    /** The action name that stands for all actions. */
    public static final String ALL_ACTIONS = "*";

    public AclRule {
        match = copyMap(match);
        equal = copyMap(equal);
        contains = copyMap(contains);
        subset = copyMap(subset);
        allow = Collections.unmodifiableSet(new LinkedHashSet<>(allow));
        deny = Collections.unmodifiableSet(new LinkedHashSet<>(deny));
    }

    private static <V> Map<String, V> copyMap(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Whether the rule allows {@code action} (by name or {@code *}), ignoring its matchers. */
    public boolean allows(String action) {
        return allow.contains(action) || allow.contains(ALL_ACTIONS);
    }

    /** Whether the rule denies {@code action} (by name or {@code *}), ignoring its matchers. */
    public boolean denies(String action) {
        return deny.contains(action) || deny.contains(ALL_ACTIONS);
    }

    /**
     * Whether every matcher of the rule matches {@code resource}.
     *
     * @throws IllegalArgumentException when a tested attribute value is neither a String nor a Collection of Strings
     */
    public boolean matches(Map<String, ?> resource) {
        for (Map.Entry<String, List<Pattern>> entry : match.entrySet()) {
            String value = text(entry.getKey(), resource);
            if (value == null) {
                return false;
            }
            for (Pattern pattern : entry.getValue()) {
                if (!pattern.matcher(value).matches()) {
                    return false;
                }
            }
        }
        for (Map.Entry<String, String> entry : equal.entrySet()) {
            if (!entry.getValue().equals(text(entry.getKey(), resource))) {
                return false;
            }
        }
        for (Map.Entry<String, Set<String>> entry : contains.entrySet()) {
            Set<String> values = items(entry.getKey(), resource);
            if (values == null || !values.containsAll(entry.getValue())) {
                return false;
            }
        }
        for (Map.Entry<String, Set<String>> entry : subset.entrySet()) {
            Set<String> values = items(entry.getKey(), resource);
            if (values != null && !entry.getValue().containsAll(values)) {
                return false;
            }
        }
        return true;
    }

    /** The attribute as text (a collection comma-joined), or null when absent. */
    private static String text(String attribute, Map<String, ?> resource) {
        Object value = resource.get(attribute);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        return String.join(",", strings(attribute, value));
    }

    /** The attribute as a set of items (a string split at commas), or null when absent. */
    private static Set<String> items(String attribute, Map<String, ?> resource) {
        Object value = resource.get(attribute);
        if (value == null) {
            return null;
        }
        Set<String> items = new LinkedHashSet<>();
        if (value instanceof String text) {
            for (String item : text.split(",")) {
                String trimmed = item.trim();
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        } else {
            items.addAll(strings(attribute, value));
        }
        return items;
    }

    private static List<String> strings(String attribute, Object value) {
        if (value instanceof Collection<?> collection) {
            for (Object item : collection) {
                if (!(item instanceof String)) {
                    throw notText(attribute);
                }
            }
            @SuppressWarnings("unchecked")
            Collection<String> items = (Collection<String>) collection;
            return List.copyOf(items);
        }
        throw notText(attribute);
    }

    private static IllegalArgumentException notText(String attribute) {
        return new IllegalArgumentException(
                "resource attribute '" + attribute + "' must be a String or a Collection of Strings");
    }
}

package org.windlass.nodes.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceModelException;

/** Between a node's attributes as Rundeck's formats spell them and the {@link Node} record. */
final class NodeMapping {

    static final String NODENAME = "nodename";
    static final String HOSTNAME = "hostname";
    static final String USERNAME = "username";
    static final String DESCRIPTION = "description";
    static final String TAGS = "tags";

    private NodeMapping() {
    }

    /**
     * @param attributes the node's attributes; values are strings, numbers, booleans, or for tags a list
     * @param key        the name the document files the node under (YAML/JSON map key), may be {@code null}
     */
    static Node toNode(Map<String, ?> attributes, String key, String source, int line) {
        String name = text(attributes.get(NODENAME), NODENAME, key, source, line);
        if (name == null || name.isBlank()) {
            name = key;
        }
        if (name == null || name.isBlank()) {
            throw new ResourceModelException(source, line, null, "a node has no nodename", null);
        }
        String hostname = text(attributes.get(HOSTNAME), HOSTNAME, name, source, line);
        if (hostname == null || hostname.isBlank()) {
            throw new ResourceModelException(source, line, name, "hostname is missing", null);
        }
        Set<String> tags = new LinkedHashSet<>();
        Object rawTags = attributes.get(TAGS);
        if (rawTags instanceof Collection<?> list) {
            for (Object t : list) {
                addTags(tags, String.valueOf(t));
            }
        } else if (rawTags != null) {
            addTags(tags, text(rawTags, TAGS, name, source, line));
        }
        Map<String, String> other = new TreeMap<>();
        for (Map.Entry<String, ?> e : attributes.entrySet()) {
            String k = e.getKey();
            if (k.equals(NODENAME) || k.equals(HOSTNAME) || k.equals(USERNAME) || k.equals(DESCRIPTION) || k.equals(TAGS)) {
                continue;
            }
            if (e.getValue() != null) {
                other.put(k, text(e.getValue(), k, name, source, line));
            }
        }
        return new Node(name, hostname, text(attributes.get(USERNAME), USERNAME, name, source, line),
                text(attributes.get(DESCRIPTION), DESCRIPTION, name, source, line), tags, other);
    }

    private static void addTags(Set<String> tags, String text) {
        for (String t : text.split(",")) {
            String s = t.strip();
            if (!s.isEmpty()) {
                tags.add(s);
            }
        }
    }

    private static String text(Object value, String attribute, String node, String source, int line) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new ResourceModelException(source, line, node, "attribute " + attribute + " must be a text value, not a "
                + (value instanceof Map ? "map" : value instanceof Collection ? "list" : value.getClass().getSimpleName()), null);
    }

    /** @return the node's attributes in Rundeck's order: nodename, hostname, username, description, tags, the rest */
    static Map<String, String> toAttributes(Node node) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NODENAME, node.name());
        m.put(HOSTNAME, node.hostname());
        if (node.username() != null) {
            m.put(USERNAME, node.username());
        }
        if (node.description() != null) {
            m.put(DESCRIPTION, node.description());
        }
        if (!node.tags().isEmpty()) {
            m.put(TAGS, String.join(",", new java.util.TreeSet<>(node.tags())));
        }
        m.putAll(new java.util.TreeMap<>(node.attributes()));
        return m;
    }
}

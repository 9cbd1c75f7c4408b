package org.windlass.engine.internal.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A format-neutral document tree with source lines: YAML and JSON documents are composed into it
 * directly, XML documents are translated into the same (YAML-shaped) structure, so that one
 * reader validates all three formats.
 */
final class Tree {

    private Tree() {
    }

    /** A node of the tree; {@code line} is 1-based, 0 when unknown. */
    sealed interface TNode permits TMap, TList, TScalar {
        int line();
    }

    /** A map entry: its key's line and its value. */
    record Entry(int keyLine, TNode value) {
    }

    /** A map, in document order. */
    record TMap(int line, LinkedHashMap<String, Entry> entries) implements TNode {
        TMap(int line) {
            this(line, new LinkedHashMap<>());
        }

        void put(String key, int keyLine, TNode value) {
            entries.put(key, new Entry(keyLine, value));
        }

        void put(String key, TNode value) {
            put(key, value.line(), value);
        }

        TNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        boolean has(String key) {
            return entries.containsKey(key);
        }

        int keyLine(String key) {
            Entry e = entries.get(key);
            return e == null ? line : e.keyLine();
        }
    }

    /** A list. */
    record TList(int line, List<TNode> items) implements TNode {
        TList(int line) {
            this(line, new ArrayList<>());
        }
    }

    /** A scalar: a String, Boolean, Number or {@code null}. */
    record TScalar(int line, Object value) implements TNode {
    }

    /** @return the node as plain Java values: LinkedHashMap, ArrayList, String, Boolean, Number, null */
    static Object plain(TNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof TScalar s) {
            return s.value();
        }
        if (node instanceof TList l) {
            List<Object> out = new ArrayList<>(l.items().size());
            for (TNode item : l.items()) {
                out.add(plain(item));
            }
            return out;
        }
        TMap m = (TMap) node;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
            out.put(e.getKey(), plain(e.getValue().value()));
        }
        return out;
    }

    /** @return a node for a plain Java value (for values written and read back in tests and translations) */
    static TNode of(Object value, int line) {
        if (value instanceof Map<?, ?> map) {
            TMap m = new TMap(line);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                m.put(String.valueOf(e.getKey()), line, of(e.getValue(), line));
            }
            return m;
        }
        if (value instanceof List<?> list) {
            TList l = new TList(line);
            for (Object item : list) {
                l.items().add(of(item, line));
            }
            return l;
        }
        return new TScalar(line, value);
    }
}

package org.windlass.nodes.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceModelException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;

/**
 * resourceyaml from snakeyaml's event stream: no node graph and no implicit-tag resolution, which
 * makes a 100,000-node file several times faster to read than composing it. A document that uses
 * anchors or aliases (merge keys) is read with snakeyaml's safe constructor instead.
 */
final class YamlEvents {

    /** Signals an anchor or alias: the caller falls back to the constructor. */
    private static final class NeedsConstructor extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NeedsConstructor() {
            super(null, null, false, false);
        }
    }

    private YamlEvents() {
    }

    static List<Node> parse(byte[] document, String source, LoaderOptions options) {
        try {
            return events(document, source, options);
        } catch (NeedsConstructor e) {
            return constructed(document, source, options);
        } catch (MarkedYAMLException e) {
            throw new ResourceModelException(source, e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, null,
                    "not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ResourceModelException(source, 0, null, "not valid YAML: " + e.getMessage(), e);
        }
    }

    private static List<Node> events(byte[] document, String source, LoaderOptions options) {
        Iterator<Event> it = new Yaml(options).parse(new InputStreamReader(new ByteArrayInputStream(document), StandardCharsets.UTF_8)).iterator();
        List<Node> nodes = new ArrayList<>();
        Event e = next(it); // stream start
        e = next(it);
        if (e.is(Event.ID.StreamEnd)) {
            return nodes;
        }
        e = next(it); // after document start: the root
        if (e instanceof ScalarEvent s && s.getValue().isEmpty()) {
            return nodes;
        }
        check(e);
        if (e instanceof MappingStartEvent) {
            while (true) {
                Event k = next(it);
                if (k.is(Event.ID.MappingEnd)) {
                    break;
                }
                String key = scalar(k, source, null);
                Event v = next(it);
                nodes.add(node(v, it, key, source));
            }
        } else if (e instanceof SequenceStartEvent) {
            while (true) {
                Event v = next(it);
                if (v.is(Event.ID.SequenceEnd)) {
                    break;
                }
                nodes.add(node(v, it, null, source));
            }
        } else {
            throw new ResourceModelException(source, line(e), null, "the document must be a map of nodes or a list of nodes", null);
        }
        return nodes;
    }

    private static Node node(Event start, Iterator<Event> it, String key, String source) {
        check(start);
        if (!(start instanceof MappingStartEvent)) {
            throw new ResourceModelException(source, line(start), key, "a node must be a map of attributes", null);
        }
        int line = line(start);
        Map<String, Object> attrs = new LinkedHashMap<>();
        while (true) {
            Event k = next(it);
            if (k.is(Event.ID.MappingEnd)) {
                break;
            }
            String name = scalar(k, source, key);
            Event v = next(it);
            check(v);
            if (v instanceof ScalarEvent s) {
                attrs.put(name, isNull(s) ? null : s.getValue());
            } else if (v instanceof SequenceStartEvent && name.equals(NodeMapping.TAGS)) {
                List<String> tags = new ArrayList<>();
                while (true) {
                    Event t = next(it);
                    if (t.is(Event.ID.SequenceEnd)) {
                        break;
                    }
                    tags.add(scalar(t, source, key));
                }
                attrs.put(name, tags);
            } else {
                throw new ResourceModelException(source, line(v), key, "attribute " + name + " must be a text value", null);
            }
        }
        return NodeMapping.toNode(attrs, key, source, line);
    }

    private static boolean isNull(ScalarEvent s) {
        if (!(s.getTag() == null || s.getImplicit().canOmitTagInPlainScalar()) || s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
            return false;
        }
        String v = s.getValue();
        return v.isEmpty() || v.equals("~") || v.equals("null") || v.equals("Null") || v.equals("NULL");
    }

    private static Event next(Iterator<Event> it) {
        Event e = it.next();
        if (e instanceof AliasEvent) {
            throw new NeedsConstructor();
        }
        return e;
    }

    private static void check(Event e) {
        if (e instanceof CollectionStartEvent c && c.getAnchor() != null) {
            throw new NeedsConstructor();
        }
        if (e instanceof ScalarEvent s && s.getAnchor() != null) {
            throw new NeedsConstructor();
        }
    }

    private static String scalar(Event e, String source, String node) {
        check(e);
        if (e instanceof ScalarEvent s) {
            return s.getValue();
        }
        throw new ResourceModelException(source, line(e), node, "expected a text value", null);
    }

    private static int line(Event e) {
        return e.getStartMark() == null ? 0 : e.getStartMark().getLine() + 1;
    }

    /** Documents with anchors, aliases and merge keys: snakeyaml's safe constructor (no line numbers). */
    @SuppressWarnings("unchecked")
    private static List<Node> constructed(byte[] document, String source, LoaderOptions options) {
        Object root = new Yaml(new SafeConstructor(options)).load(new InputStreamReader(new ByteArrayInputStream(document), StandardCharsets.UTF_8));
        List<Node> nodes = new ArrayList<>();
        if (root == null) {
            return nodes;
        }
        if (root instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> attrs)) {
                    throw new ResourceModelException(source, 0, String.valueOf(e.getKey()), "a node must be a map of attributes", null);
                }
                nodes.add(NodeMapping.toNode(stringKeys((Map<Object, Object>) attrs), String.valueOf(e.getKey()), source, 0));
            }
        } else if (root instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> attrs)) {
                    throw new ResourceModelException(source, 0, null, "a node must be a map of attributes", null);
                }
                nodes.add(NodeMapping.toNode(stringKeys((Map<Object, Object>) attrs), null, source, 0));
            }
        } else {
            throw new ResourceModelException(source, 0, null, "the document must be a map of nodes or a list of nodes", null);
        }
        return nodes;
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}

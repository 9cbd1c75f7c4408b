package org.windlass.engine.internal.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.windlass.api.job.JobFormatException;
import org.windlass.engine.internal.format.Tree.TList;
import org.windlass.engine.internal.format.Tree.TMap;
import org.windlass.engine.internal.format.Tree.TNode;
import org.windlass.engine.internal.format.Tree.TScalar;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Composes a YAML or JSON document (JSON is read as YAML, which keeps line numbers) into a
 * {@link Tree}. Scalars become Boolean, Integer/Long, Double, null or String by their resolved
 * YAML tag; anything else (timestamps, binary, ...) stays the String it was written as.
 */
final class YamlSource {

    private static final int MAX_DEPTH = 100;

    private YamlSource() {
    }

    /** @return the document's root, {@code null} for an empty document */
    static TNode read(InputStream in, boolean json) {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new JobFormatException("cannot read the document: " + e.getMessage(), 0, null);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (json) {
            // a raw tab is only legal between JSON tokens, where YAML refuses it: make it a space
            text = text.replace('\t', ' ');
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(100);
        String what = json ? "JSON" : "YAML";
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new JobFormatException(what + " syntax error: line " + line + ": "
                    + problem.replace('\n', ' ').trim(), line, null);
        } catch (YAMLException e) {
            throw new JobFormatException(what + " syntax error: " + e.getMessage(), 0, null);
        }
        return root == null ? null : convert(root, 0, what);
    }

    private static TNode convert(Node node, int depth, String what) {
        int line = node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
        if (depth > MAX_DEPTH) {
            throw new JobFormatException(what + " document nested too deeply: line " + line, line, null);
        }
        if (node instanceof ScalarNode s) {
            return new TScalar(line, scalar(s));
        }
        if (node instanceof SequenceNode seq) {
            TList list = new TList(line);
            for (Node item : seq.getValue()) {
                list.items().add(convert(item, depth + 1, what));
            }
            return list;
        }
        MappingNode mapping = (MappingNode) node;
        TMap map = new TMap(line);
        Set<String> seen = new HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            int keyLine = keyNode.getStartMark() == null ? line : keyNode.getStartMark().getLine() + 1;
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                throw new JobFormatException(what + " error: line " + keyLine + ": a map key must be a text value",
                        keyLine, null);
            }
            String key = keyScalar.getValue();
            if (!seen.add(key)) {
                throw new JobFormatException(what + " error: line " + keyLine + ": duplicate key '" + key + "'",
                        keyLine, key);
            }
            map.put(key, keyLine, convert(tuple.getValueNode(), depth + 1, what));
        }
        return map;
    }

    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on" -> Boolean.TRUE;
                default -> Boolean.FALSE;
            };
        }
        if (Tag.INT.equals(tag)) {
            Object n = integer(v);
            return n == null ? v : n;
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                double d = Double.parseDouble(v.replace("_", ""));
                return Double.isFinite(d) ? (Object) d : v;
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private static Object integer(String raw) {
        String v = raw.replace("_", "");
        boolean negative = v.startsWith("-");
        if (v.startsWith("-") || v.startsWith("+")) {
            v = v.substring(1);
        }
        int radix = 10;
        if (v.startsWith("0x")) {
            radix = 16;
            v = v.substring(2);
        } else if (v.startsWith("0b")) {
            radix = 2;
            v = v.substring(2);
        } else if (v.length() > 1 && v.startsWith("0")) {
            radix = 8;
        }
        try {
            BigInteger b = new BigInteger(v, radix);
            if (negative) {
                b = b.negate();
            }
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            if (b.bitLength() < 64) {
                return b.longValue();
            }
            return null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package org.windlass.security.internal.acl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.windlass.security.internal.acl.AclPolicy.Context;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and validates Rundeck's aclpolicy format (YAML, "aclpolicy-v10"): one policy per YAML document, documents
 * separated by {@code ---}. Each document has exactly these keys ({@code id} is also accepted and ignored, as in
 * Rundeck; any other key is an error):
 * <ul>
 * <li>{@code description} - required, a non-empty string;</li>
 * <li>{@code context} - required, exactly one of {@code project: <regex>} or {@code application: rundeck};</li>
 * <li>{@code for} - required, resource type to a list of rules; the types are {@code job, node, adhoc, resource}
 * in a project context and {@code project, resource, storage, apitoken, project_acl} in the application context;
 * each rule is a map of optional matchers ({@code match}, {@code equals}, {@code contains}, {@code subset}: each a
 * map attribute to value(s)) and at least one of {@code allow} / {@code deny} (an action or list of actions);</li>
 * <li>exactly one of {@code by} / {@code notBy} - a map with {@code username}, {@code group} and/or {@code urn},
 * each a regex or a list of regexes.</li>
 * </ul>
 * Scalars are read as written, so a number or boolean where a string is expected is taken as its text; a map or
 * list where a string is expected, an empty string or list, a duplicate key and a regex that does not compile are
 * errors. Empty documents (e.g. after a trailing {@code ---}) are skipped. Any problem is thrown as an
 * {@link AclFormatException} naming the source, the 1-based line and what is wrong. Aliases are expanded by the YAML
 * library within its default limits; no Java objects are ever constructed from tags. Stateless and thread-safe.
 */
public final class AclPolicyParser {

    private static final List<String> POLICY_KEYS = List.of("description", "context", "for", "by", "notBy", "id");
    private static final List<String> CONTEXT_KEYS = List.of("project", "application");
    private static final List<String> PROJECT_TYPES = List.of("job", "node", "adhoc", "resource");
    private static final List<String> APPLICATION_TYPES =
            List.of("project", "resource", "storage", "apitoken", "project_acl");
    private static final List<String> RULE_KEYS = List.of("match", "equals", "contains", "subset", "allow", "deny");
    private static final List<String> SUBJECT_KEYS = List.of("username", "group", "urn");
    private static final String APPLICATION_NAME = "rundeck";

    private final String source;
    private final String text;
    /** for a project's own policy: the project; {@code null} for a system policy */
    private final String project;

    private AclPolicyParser(String source, String text, String project) {
        this.source = source;
        this.text = text;
        this.project = project;
    }

    /**
     * Parses and validates a project's own aclpolicy (Rundeck's project ACLs): its context is that
     * project. A document without {@code context} gets it; one naming any other context is refused.
     *
     * @throws AclFormatException when the text is not valid YAML, not a valid aclpolicy, or names another context
     */
    public static List<AclPolicy> parseForProject(String sourceName, String yamlText, String projectName) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(projectName, "projectName");
        return new AclPolicyParser(sourceName, yamlText, projectName).documents();
    }

    /**
     * Parses and validates an aclpolicy file.
     *
     * @param sourceName the file or policy name, used in error messages and kept in each {@link AclPolicy}
     * @param yamlText   the file's text
     * @return the policies in document order (empty when the text has no documents), immutable
     * @throws AclFormatException when the text is not valid YAML or not a valid aclpolicy
     */
    public static List<AclPolicy> parse(String sourceName, String yamlText) {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(yamlText, "yamlText");
        return new AclPolicyParser(sourceName, yamlText, null).documents();
    }

    private List<AclPolicy> documents() {
        LoaderOptions options = new LoaderOptions();
        Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
        List<AclPolicy> policies = new ArrayList<>();
        int index = 0;
        try {
            while (composer.checkNode()) {
                Node root = composer.getNode();
                index++;
                if (!isNull(root)) {
                    policies.add(document(index, root));
                }
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getContext() == null ? e.getProblem() : e.getContext() + ": " + e.getProblem();
            throw new AclFormatException(source, mark == null ? 0 : mark.getLine() + 1, "invalid YAML", problem);
        } catch (ReaderException e) {
            throw new AclFormatException(source, lineAt(e.getPosition()), "invalid YAML",
                    String.format("character U+%04X is not allowed", e.getCodePoint()));
        } catch (YAMLException e) {
            throw new AclFormatException(source, 0, "invalid YAML", e.getMessage());
        }
        return List.copyOf(policies);
    }

    private int lineAt(int position) {
        int line = 1;
        for (int i = 0; i < Math.min(position, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private AclPolicy document(int index, Node root) {
        String where = "document " + index;
        MappingNode document = mapping(root, where);
        Map<String, NodeTuple> keys = entries(document, where, POLICY_KEYS, "a policy key");
        String description = string(required(keys, "description", document, where), "description");
        Context context;
        if (project == null) {
            context = context(required(keys, "context", document, where));
        } else if (keys.get("context") == null) {
            context = Context.project(java.util.regex.Pattern.quote(project));
        } else {
            NodeTuple given = keys.get("context");
            context = context(given.getValueNode());
            if (context.isApplication() || !context.projectRegex().equals(project)) {
                throw error(given.getKeyNode(), where, "a policy of project " + project
                        + " applies to that project only: leave 'context' out, or give project: '" + project + "'");
            }
            context = Context.project(java.util.regex.Pattern.quote(project));
        }
        Map<String, List<AclRule>> rules = forSection(required(keys, "for", document, where), context);
        NodeTuple by = keys.get("by");
        NodeTuple notBy = keys.get("notBy");
        if (by != null && notBy != null) {
            throw error(notBy.getKeyNode(), where, "'by' and 'notBy' cannot both be present");
        }
        if (by == null && notBy == null) {
            throw error(document, where, "one of 'by' or 'notBy' is required");
        }
        SubjectMatcher subjects = by != null
                ? subjects(by.getValueNode(), "by", false)
                : subjects(notBy.getValueNode(), "notBy", true);
        return new AclPolicy(source, index, line(document), description, context, subjects, rules);
    }

    private Node required(Map<String, NodeTuple> keys, String key, MappingNode document, String where) {
        NodeTuple tuple = keys.get(key);
        if (tuple == null) {
            throw error(document, where, "'" + key + "' is required");
        }
        return tuple.getValueNode();
    }

    private Context context(Node node) {
        MappingNode map = mapping(node, "context");
        Map<String, NodeTuple> keys = entries(map, "context", CONTEXT_KEYS, "a context key");
        if (keys.size() != 1) {
            throw error(map, "context", "expected exactly one of 'project' or 'application'");
        }
        NodeTuple project = keys.get("project");
        if (project != null) {
            return new Context(regex(project.getValueNode(), "context.project"));
        }
        Node application = keys.get("application").getValueNode();
        String name = string(application, "context.application");
        if (!APPLICATION_NAME.equals(name)) {
            throw error(application, "context.application", "must be 'rundeck', found '" + name + "'");
        }
        return Context.application();
    }

    private Map<String, List<AclRule>> forSection(Node node, Context context) {
        MappingNode map = mapping(node, "for");
        List<String> types = context.isApplication() ? APPLICATION_TYPES : PROJECT_TYPES;
        String kind = "a resource type for the " + (context.isApplication() ? "application" : "project") + " context";
        Map<String, NodeTuple> keys = entries(map, "for", types, kind);
        if (keys.isEmpty()) {
            throw error(map, "for", "must declare at least one resource type");
        }
        Map<String, List<AclRule>> rules = new LinkedHashMap<>();
        keys.forEach((type, tuple) -> {
            String where = "for." + type;
            Node value = tuple.getValueNode();
            if (!(value instanceof SequenceNode sequence)) {
                throw error(value, where, "expected a list of rules, found " + describe(value));
            }
            List<AclRule> list = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                int index = list.size() + 1;
                list.add(rule(item, index, "rule " + index + " of " + where));
            }
            rules.put(type, list);
        });
        return rules;
    }

    private AclRule rule(Node node, int index, String where) {
        MappingNode map = mapping(node, where);
        Map<String, NodeTuple> keys = entries(map, where, RULE_KEYS, "a rule key");
        if (!keys.containsKey("allow") && !keys.containsKey("deny")) {
            throw error(map, where, "a rule needs 'allow' or 'deny'");
        }
        Map<String, List<Pattern>> match = new LinkedHashMap<>();
        attributes(keys.get("match"), where + ": match")
                .forEach((attribute, value) -> match.put(attribute, regexes(value, where + ": match." + attribute)));
        Map<String, String> equal = new LinkedHashMap<>();
        attributes(keys.get("equals"), where + ": equals")
                .forEach((attribute, value) -> equal.put(attribute, string(value, where + ": equals." + attribute)));
        Map<String, Set<String>> contains = new LinkedHashMap<>();
        attributes(keys.get("contains"), where + ": contains")
                .forEach((attribute, value) -> contains.put(attribute, set(value, where + ": contains." + attribute)));
        Map<String, Set<String>> subset = new LinkedHashMap<>();
        attributes(keys.get("subset"), where + ": subset")
                .forEach((attribute, value) -> subset.put(attribute, set(value, where + ": subset." + attribute)));
        return new AclRule(index, line(map), match, equal, contains, subset,
                actions(keys.get("allow"), where + ": allow"), actions(keys.get("deny"), where + ": deny"));
    }

    private Set<String> actions(NodeTuple entry, String where) {
        return entry == null ? Set.of() : set(entry.getValueNode(), where);
    }

    /** A matcher section's attribute names to value nodes; empty when the section is absent. */
    private Map<String, Node> attributes(NodeTuple section, String where) {
        Map<String, Node> attributes = new LinkedHashMap<>();
        if (section == null) {
            return attributes;
        }
        MappingNode map = mapping(section.getValueNode(), where);
        entries(map, where, null, null).forEach((name, tuple) -> attributes.put(name, tuple.getValueNode()));
        if (attributes.isEmpty()) {
            throw error(map, where, "must name at least one attribute");
        }
        return attributes;
    }

    private SubjectMatcher subjects(Node node, String section, boolean negated) {
        MappingNode map = mapping(node, section);
        Map<String, NodeTuple> keys = entries(map, section, SUBJECT_KEYS, "a " + section + " key");
        if (keys.isEmpty()) {
            throw error(map, section, "must name a username, group or urn");
        }
        return new SubjectMatcher(negated,
                subjectRegexes(keys.get("username"), section + ".username"),
                subjectRegexes(keys.get("group"), section + ".group"),
                subjectRegexes(keys.get("urn"), section + ".urn"));
    }

    private List<Pattern> subjectRegexes(NodeTuple entry, String where) {
        return entry == null ? List.of() : regexes(entry.getValueNode(), where);
    }

    private List<Pattern> regexes(Node node, String where) {
        List<Pattern> patterns = new ArrayList<>();
        for (Node item : stringNodes(node, where)) {
            patterns.add(regex(item, where));
        }
        return patterns;
    }

    private Pattern regex(Node node, String where) {
        String regex = string(node, where);
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw error(node, where, "invalid regex '" + regex + "': " + e.getDescription());
        }
    }

    private Set<String> set(Node node, String where) {
        Set<String> values = new LinkedHashSet<>();
        for (Node item : stringNodes(node, where)) {
            values.add(string(item, where));
        }
        return values;
    }

    /** The scalar itself, or the items of a non-empty list. */
    private List<Node> stringNodes(Node node, String where) {
        if (node instanceof SequenceNode sequence) {
            if (sequence.getValue().isEmpty()) {
                throw error(node, where, "must not be an empty list");
            }
            return sequence.getValue();
        }
        if (node instanceof ScalarNode && !isNull(node)) {
            return List.of(node);
        }
        throw error(node, where, "expected a string or a list of strings, found " + describe(node));
    }

    private String string(Node node, String where) {
        if (!(node instanceof ScalarNode scalar) || isNull(node)) {
            throw error(node, where, "expected a string, found " + describe(node));
        }
        if (scalar.getValue().isEmpty()) {
            throw error(node, where, "must not be empty");
        }
        return scalar.getValue();
    }

    private MappingNode mapping(Node node, String where) {
        if (node instanceof MappingNode map) {
            return map;
        }
        throw error(node, where, "expected a map, found " + describe(node));
    }

    /**
     * A map's entries by key, in order; rejects non-string and duplicate keys and, when {@code allowed} is given,
     * keys not in it.
     */
    private Map<String, NodeTuple> entries(MappingNode map, String where, List<String> allowed, String keyKind) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : map.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
                throw error(keyNode, where, "expected a string key, found " + describe(keyNode));
            }
            String key = scalar.getValue();
            if (allowed != null && !allowed.contains(key)) {
                throw error(keyNode, where,
                        "'" + key + "' is not " + keyKind + " (" + String.join(", ", allowed) + ")");
            }
            if (entries.putIfAbsent(key, tuple) != null) {
                throw error(keyNode, where, "duplicate key '" + key + "'");
            }
        }
        return entries;
    }

    private AclFormatException error(Node node, String where, String rule) {
        return new AclFormatException(source, line(node), where, rule);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "nothing" : "a string";
    }
}

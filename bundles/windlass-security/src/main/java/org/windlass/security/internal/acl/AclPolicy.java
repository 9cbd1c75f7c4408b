package org.windlass.security.internal.acl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One document of an aclpolicy file: who it applies to ({@link #subjects()}), where ({@link #context()}) and its
 * rules per resource type ({@code job}, {@code node}, ... in declaration order). Produced by
 * {@link AclPolicyParser}; immutable and safe to share between threads.
 *
 * @param sourceName    the file or policy name it was read from
 * @param documentIndex 1-based position of the document in its file
 * @param line          1-based line where the document starts
 * @param description   the {@code description:} text
 * @param context       the {@code context:} section
 * @param subjects      the {@code by:} or ({@link SubjectMatcher#negated() negated}) {@code notBy:} section
 * @param rules         the {@code for:} section, resource type to its rules in order
 */
public record AclPolicy(
        String sourceName,
        int documentIndex,
        int line,
        String description,
        Context context,
        SubjectMatcher subjects,
        Map<String, List<AclRule>> rules) {

    public AclPolicy {
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(subjects, "subjects");
        Map<String, List<AclRule>> copy = new LinkedHashMap<>();
        rules.forEach((type, list) -> copy.put(type, List.copyOf(list)));
        rules = Collections.unmodifiableMap(copy);
    }

    /** The rules declared for {@code resourceType}, empty when none. */
    public List<AclRule> rulesFor(String resourceType) {
        return rules.getOrDefault(resourceType, List.of());
    }

    /**
     * The {@code context:} section: a project-name regex ({@code project: <regex>}, which must match the whole
     * project name) or the application level ({@code application: rundeck}). Immutable.
     *
     * @param projectPattern the compiled project regex, or null for the application context
     */
    public record Context(Pattern projectPattern) {

        /** The context of the projects whose whole name matches {@code regex}. */
        public static Context project(String regex) {
            return new Context(Pattern.compile(regex));
        }

        /** The application-level context. */
        public static Context application() {
            return new Context(null);
        }

        /** Whether this is the application-level context. */
        public boolean isApplication() {
            return projectPattern == null;
        }

        /** The project regex as written, or null for the application context. */
        public String projectRegex() {
            return projectPattern == null ? null : projectPattern.pattern();
        }

        /** Whether a policy with this context applies in {@code environment}. */
        public boolean matches(Environment environment) {
            if (environment.isApplication()) {
                return projectPattern == null;
            }
            return projectPattern != null && projectPattern.matcher(environment.projectName()).matches();
        }
    }
}

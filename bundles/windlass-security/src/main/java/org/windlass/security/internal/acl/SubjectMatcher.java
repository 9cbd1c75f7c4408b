package org.windlass.security.internal.acl;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A policy's {@code by:} or {@code notBy:} section. A subject is "named" by the section when its username equals
 * or wholly matches one of the {@code username} regexes, or one of its groups equals or wholly matches one of the
 * {@code group} regexes, or one of its URNs equals or wholly matches one of the {@code urn} regexes. A {@code by}
 * section applies to the subjects it names, a {@code notBy} section ({@link #negated()}) to all others.
 * Immutable.
 *
 * @param negated   true for {@code notBy}
 * @param usernames compiled {@code username} regexes
 * @param groups    compiled {@code group} regexes
 * @param urns      compiled {@code urn} regexes
 */
public record SubjectMatcher(boolean negated, List<Pattern> usernames, List<Pattern> groups, List<Pattern> urns) {

    public SubjectMatcher {
        usernames = List.copyOf(usernames);
        groups = List.copyOf(groups);
        urns = List.copyOf(urns);
    }

    /** Whether a policy with this section applies to {@code subject}. */
    public boolean appliesTo(Subject subject) {
        boolean named = matches(usernames, subject.username())
                || matchesAny(groups, subject.groups())
                || matchesAny(urns, subject.urns());
        return named != negated;
    }

    private static boolean matchesAny(List<Pattern> patterns, Collection<String> values) {
        if (patterns.isEmpty()) {
            return false;
        }
        for (String value : values) {
            if (matches(patterns, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(List<Pattern> patterns, String value) {
        for (Pattern pattern : patterns) {
            if (pattern.pattern().equals(value) || pattern.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }
}

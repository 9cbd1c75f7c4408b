package org.windlass.cluster.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rundeck's list of allowed members: {@code Self}, {@code Other}, member UUIDs and {@code /regex/}
 * (matched against a member's UUID and its name), comma separated.
 */
final class MemberMatcher {

    private final boolean self;
    private final boolean other;
    private final List<String> uuids = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final boolean empty;

    private MemberMatcher(String text) {
        boolean s = false;
        boolean o = false;
        for (String raw : text == null ? new String[0] : text.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            if (item.equalsIgnoreCase("Self")) {
                s = true;
            } else if (item.equalsIgnoreCase("Other")) {
                o = true;
            } else if (item.length() >= 2 && item.startsWith("/") && item.endsWith("/")) {
                try {
                    patterns.add(Pattern.compile(item.substring(1, item.length() - 1)));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("'" + item + "' in the allowed members is not a regular expression: " + e.getDescription(), e);
                }
            } else {
                uuids.add(item.toLowerCase(java.util.Locale.ROOT));
            }
        }
        this.self = s;
        this.other = o;
        this.empty = !s && !o && uuids.isEmpty() && patterns.isEmpty();
    }

    /** @throws IllegalArgumentException naming a bad regular expression */
    static MemberMatcher parse(String text) {
        return new MemberMatcher(text);
    }

    boolean isEmpty() {
        return empty;
    }

    /**
     * @param selfUuid the member asking (for Self and Other)
     */
    boolean matches(String uuid, String name, String selfUuid) {
        boolean isSelf = uuid.equalsIgnoreCase(selfUuid);
        if (isSelf && self) {
            return true;
        }
        if (!isSelf && other) {
            return true;
        }
        if (uuids.contains(uuid.toLowerCase(java.util.Locale.ROOT))) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(uuid).matches() || (name != null && p.matcher(name).matches())) {
                return true;
            }
        }
        return false;
    }
}

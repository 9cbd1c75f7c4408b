package org.windlass.api;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A project: the unit that owns jobs, nodes, executions, keys and ACLs.
 *
 * @param name        unique name, Rundeck's rule: {@code [-_a-zA-Z0-9+][-\._a-zA-Z0-9+]*}
 * @param label       display label, may be {@code null}
 * @param description free text, may be {@code null}
 * @param properties  project configuration (Rundeck's {@code project.*}, {@code resources.source.N.*}, ...)
 */
public record Project(String name, String label, String description, Map<String, String> properties) {

    /** Rundeck's project name pattern. */
    public static final Pattern NAME_PATTERN = Pattern.compile("^[-_a-zA-Z0-9+][-._a-zA-Z0-9+]*$");

    public Project {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid project name '" + name + "': it must match " + NAME_PATTERN.pattern());
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}

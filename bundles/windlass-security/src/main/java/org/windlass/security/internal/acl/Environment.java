package org.windlass.security.internal.acl;

import java.util.Objects;

/**
 * Where a request is evaluated: inside a named project (matched by {@code context: project: <regex>}) or at the
 * application level (matched by {@code context: application: rundeck}). Immutable.
 *
 * @param projectName the project name, or null for the application environment
 */
public record Environment(String projectName) {

    /** The environment of a project; {@code name} must not be blank. */
    public static Environment project(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a project name must not be blank");
        }
        return new Environment(name);
    }

    /** The application-level environment. */
    public static Environment application() {
        return new Environment(null);
    }

    /** Whether this is the application-level environment. */
    public boolean isApplication() {
        return projectName == null;
    }
}

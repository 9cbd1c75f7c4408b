package org.windlass.api.project;

/** A project of that name exists already. */
public class ProjectExistsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProjectExistsException(String name) {
        super("project already exists: " + name);
    }
}

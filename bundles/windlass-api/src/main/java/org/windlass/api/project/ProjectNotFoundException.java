package org.windlass.api.project;

/** No project has the name asked for. */
public class ProjectNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProjectNotFoundException(String name) {
        super("project does not exist: " + name);
    }
}

package org.windlass.api.execution;

/** There is no execution with that id. */
public class ExecutionNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionNotFoundException(long id) {
        super("execution " + id + " does not exist");
    }
}

package org.windlass.api.execution;

/** A job that does not allow overlapping executions is already running (Rundeck's 409 conflict). */
public class ExecutionConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionConflictException(String message) {
        super(message);
    }
}

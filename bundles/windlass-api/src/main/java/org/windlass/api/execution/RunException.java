package org.windlass.api.execution;

/**
 * A run request that cannot start: an option fails its validation, the job is disabled, the
 * project's executions are disabled, the node filter does not parse. The message names which.
 */
public class RunException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /** @param code Rundeck's error code, e.g. {@code api.error.job.options-invalid} */
    public RunException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** @return Rundeck's error code */
    public String code() {
        return code;
    }
}

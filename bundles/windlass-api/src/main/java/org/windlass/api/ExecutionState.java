package org.windlass.api;

/** The states of an execution, with the names Rundeck's API reports. */
public enum ExecutionState {
    SCHEDULED("scheduled", false),
    QUEUED("queued", false),
    RUNNING("running", false),
    SUCCEEDED("succeeded", true),
    FAILED("failed", true),
    ABORTED("aborted", true),
    TIMEDOUT("timedout", true),
    FAILED_WITH_RETRY("failed-with-retry", true),
    MISSED("missed", true),
    INCOMPLETE("incomplete", true);

    private final String apiName;
    private final boolean terminal;

    ExecutionState(String apiName, boolean terminal) {
        this.apiName = apiName;
        this.terminal = terminal;
    }

    /** @return the state as Rundeck's API spells it ({@code failed-with-retry}, ...) */
    public String apiName() {
        return apiName;
    }

    /** @return {@code true} when the execution will not change state again */
    public boolean isTerminal() {
        return terminal;
    }

    /** @throws IllegalArgumentException naming the value when it is not a state */
    public static ExecutionState fromApiName(String name) {
        for (ExecutionState s : values()) {
            if (s.apiName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown execution state '" + name + "'");
    }
}

package org.windlass.api.execution;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where an execution's workflow stands, step by step and node by node (Rundeck's
 * {@code /execution/{id}/state}).
 *
 * @param targetNodes the nodes the execution runs on
 * @param steps       the top-level steps, in order
 */
public record WorkflowState(List<String> targetNodes, List<Step> steps) {

    public WorkflowState {
        targetNodes = List.copyOf(targetNodes);
        steps = List.copyOf(steps);
    }

    /**
     * @param stepctx     Rundeck's step context ({@code 1}, {@code 2/1})
     * @param description what the step does
     * @param nodeStep    whether it runs per node
     * @param state       its state: WAITING, RUNNING, SUCCEEDED, FAILED, ABORTED, NODE_PARTIAL, ...
     * @param started     when it started, {@code null} before
     * @param ended       when it ended, {@code null} before
     * @param nodes       per node: its state there
     */
    public record Step(String stepctx, String description, boolean nodeStep, String state, Instant started,
                       Instant ended, Map<String, NodeState> nodes) {
        public Step {
            nodes = Map.copyOf(nodes);
        }
    }

    /**
     * @param state    WAITING, RUNNING, SUCCEEDED, FAILED, ABORTED, TIMEDOUT
     * @param started  when it started there
     * @param ended    when it ended there
     * @param exitCode the command's exit code, {@code null} when none
     * @param message  why it failed, {@code null} when it did not
     */
    public record NodeState(String state, Instant started, Instant ended, Integer exitCode, String message) {
    }
}

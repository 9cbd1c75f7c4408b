package org.windlass.api;

import java.util.List;

/**
 * The ordered steps of a job and how they are walked over the nodes.
 *
 * @param strategy  node-first, step-first or parallel
 * @param keepgoing {@code true}: a failed step does not stop the remaining steps
 * @param steps     the steps, in order; never empty for a runnable job
 */
public record Workflow(Strategy strategy, boolean keepgoing, List<Step> steps) {

    /** Rundeck's workflow strategies. */
    public enum Strategy {
        NODE_FIRST("node-first"), STEP_FIRST("step-first"), PARALLEL("parallel");

        private final String rundeckName;

        Strategy(String rundeckName) {
            this.rundeckName = rundeckName;
        }

        /** @return the name Rundeck's job formats use */
        public String rundeckName() {
            return rundeckName;
        }

        /** @throws IllegalArgumentException naming the value when it is not a known strategy */
        public static Strategy fromRundeckName(String name) {
            for (Strategy s : values()) {
                if (s.rundeckName.equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown workflow strategy '" + name + "' (node-first, step-first, parallel)");
        }
    }

    public Workflow {
        strategy = strategy == null ? Strategy.NODE_FIRST : strategy;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}

package org.windlass.api.execution;

import java.time.Instant;
import java.util.List;

import org.windlass.api.ExecutionState;

/**
 * Which executions to list, newest first.
 *
 * @param project  the project, {@code null} or {@code *} for every project
 * @param jobIds   only executions of these jobs, empty for all
 * @param states   only these states, empty for all
 * @param adhoc    {@code true} only ad-hoc, {@code false} only jobs, {@code null} both
 * @param user     only executions started by this user, {@code null} for all
 * @param begin    only executions started at or after, {@code null} for no bound
 * @param end      only executions started at or before, {@code null} for no bound
 * @param offset   how many matching executions to skip
 * @param max      at most this many, 0 for all
 */
public record ExecutionQuery(String project, List<String> jobIds, List<ExecutionState> states, Boolean adhoc,
                             String user, Instant begin, Instant end, int offset, int max) {

    public ExecutionQuery {
        project = project == null || project.equals("*") ? null : project;
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        states = states == null ? List.of() : List.copyOf(states);
        if (offset < 0 || max < 0) {
            throw new IllegalArgumentException("offset and max must not be negative");
        }
    }

    /**
     * A page of executions.
     *
     * @param executions the executions of this page, newest first
     * @param total      how many match in all
     * @param offset     the page's offset
     * @param max        the page's size limit, 0 for none
     */
    public record Page(List<org.windlass.api.Execution> executions, long total, int offset, int max) {
        public Page {
            executions = List.copyOf(executions);
        }
    }
}

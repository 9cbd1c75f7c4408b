package org.windlass.api;

import java.time.Instant;

/**
 * One run of a job or of an ad-hoc command.
 *
 * @param id         the cluster-wide execution id
 * @param project    the project's name
 * @param jobId      the job's UUID, {@code null} for an ad-hoc run
 * @param state      the current state
 * @param user       who started it
 * @param argString  the job options as Rundeck's {@code -opt value} string, may be {@code null}
 * @param serverUuid the member that runs it, {@code null} while queued
 * @param started    start time, {@code null} before it starts
 * @param ended      end time, {@code null} until it reaches a terminal state
 */
public record Execution(long id, String project, String jobId, ExecutionState state, String user,
                        String argString, String serverUuid, Instant started, Instant ended) {

    public Execution {
        if (state == null) {
            throw new IllegalArgumentException("execution " + id + ": state must not be null");
        }
    }
}

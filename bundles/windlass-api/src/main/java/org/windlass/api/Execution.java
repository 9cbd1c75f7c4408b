package org.windlass.api;

import java.time.Instant;
import java.util.List;

/**
 * One run of a job or of an ad-hoc command: a database row first, then its state as it changes.
 *
 * @param id             the cluster-wide execution id
 * @param project        the project's name
 * @param jobId          the job's UUID, {@code null} for an ad-hoc run
 * @param jobName        the job's name when it ran, {@code null} for an ad-hoc run
 * @param jobGroup       the job's group when it ran, may be {@code null}
 * @param description    what runs: the job's description, or the ad-hoc command or script
 * @param state          the current state
 * @param user           who started it
 * @param argString      the job options as Rundeck's {@code -opt value} string (secure values masked), may be {@code null}
 * @param loglevel       the log level it runs at
 * @param filter         the node filter it runs on, {@code null} for the server node
 * @param serverUuid     the member that runs it, {@code null} while queued
 * @param started        start time, {@code null} before it starts
 * @param ended          end time, {@code null} until it reaches a terminal state
 * @param retryAttempt   0 for a first run, n for the n-th retry
 * @param retryOf        the execution this one retries, {@code null} for a first run
 * @param succeededNodes the nodes where every step succeeded
 * @param failedNodes    the nodes where a step failed
 * @param reason         why it ended the way it did (failure, abort, timeout, incomplete), may be {@code null}
 * @param abortedBy      who aborted it, {@code null} when not aborted
 * @param executionType  how it was started: {@value #USER}, {@value #SCHEDULED} (by its job's
 *                       schedule) or {@value #USER_SCHEDULED} (run later, {@code runAtTime})
 */
public record Execution(long id, String project, String jobId, String jobName, String jobGroup, String description,
                        ExecutionState state, String user, String argString, LogLevel loglevel, String filter,
                        String serverUuid, Instant started, Instant ended, int retryAttempt, Long retryOf,
                        List<String> succeededNodes, List<String> failedNodes, String reason, String abortedBy,
                        String executionType) {

    /** Started by a user (or a script) through the API, the shell or the UI. */
    public static final String USER = "user";
    /** Started by its job's schedule. */
    public static final String SCHEDULED = "scheduled";
    /** Started by a user for later ({@code runAtTime}). */
    public static final String USER_SCHEDULED = "user-scheduled";

    /** An execution started by a user. */
    public Execution(long id, String project, String jobId, String jobName, String jobGroup, String description,
                     ExecutionState state, String user, String argString, LogLevel loglevel, String filter,
                     String serverUuid, Instant started, Instant ended, int retryAttempt, Long retryOf,
                     List<String> succeededNodes, List<String> failedNodes, String reason, String abortedBy) {
        this(id, project, jobId, jobName, jobGroup, description, state, user, argString, loglevel, filter, serverUuid,
                started, ended, retryAttempt, retryOf, succeededNodes, failedNodes, reason, abortedBy, USER);
    }

    public Execution {
        executionType = executionType == null ? USER : executionType;
        if (state == null) {
            throw new IllegalArgumentException("execution " + id + ": state must not be null");
        }
        loglevel = loglevel == null ? LogLevel.NORMAL : loglevel;
        succeededNodes = succeededNodes == null ? List.of() : List.copyOf(succeededNodes);
        failedNodes = failedNodes == null ? List.of() : List.copyOf(failedNodes);
    }

    /** @return whether this is an ad-hoc command or script, not a job */
    public boolean adhoc() {
        return jobId == null;
    }
}

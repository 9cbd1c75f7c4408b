package org.windlass.api.execution;

import org.windlass.api.ExecutionState;
import org.windlass.api.LogLevel;

/**
 * An execution about to be created.
 *
 * @param project      the project
 * @param jobId        the job's UUID, {@code null} for ad-hoc
 * @param jobName      the job's name
 * @param jobGroup     the job's group
 * @param description  the job's description or the ad-hoc command
 * @param state        the first state: running, queued or scheduled
 * @param user         who starts it
 * @param argString    options as Rundeck's argument string, secure values masked
 * @param loglevel     the log level
 * @param filter       the node filter
 * @param serverUuid   the member that runs it
 * @param retryAttempt the retry number, 0 for a first run
 * @param retryOf      the execution retried, {@code null} for a first run
 * @param maxRunning   for a job: refuse when this many of its executions are already running,
 *                     checked and inserted atomically across the cluster; {@code null} for no limit
 * @param executionType {@code user}, {@code scheduled} or {@code user-scheduled} ({@code null}: user)
 * @param at           for a {@code scheduled} or {@code missed} execution, the time it was due
 *                     (stored as its start time); {@code null} otherwise
 * @param forwardedBy  the member that received the run and handed it to {@code serverUuid} (remote
 *                     execution policy), {@code null} when the member that runs it received it
 */
public record NewExecution(String project, String jobId, String jobName, String jobGroup, String description,
                           ExecutionState state, String user, String argString, LogLevel loglevel, String filter,
                           String serverUuid, int retryAttempt, Long retryOf, Integer maxRunning,
                           String executionType, java.time.Instant at, String forwardedBy) {

    /** An execution this member runs itself (not handed over by another member). */
    public NewExecution(String project, String jobId, String jobName, String jobGroup, String description,
                        ExecutionState state, String user, String argString, LogLevel loglevel, String filter,
                        String serverUuid, int retryAttempt, Long retryOf, Integer maxRunning,
                        String executionType, java.time.Instant at) {
        this(project, jobId, jobName, jobGroup, description, state, user, argString, loglevel, filter, serverUuid,
                retryAttempt, retryOf, maxRunning, executionType, at, null);
    }

    /** An execution started now by a user. */
    public NewExecution(String project, String jobId, String jobName, String jobGroup, String description,
                        ExecutionState state, String user, String argString, LogLevel loglevel, String filter,
                        String serverUuid, int retryAttempt, Long retryOf, Integer maxRunning) {
        this(project, jobId, jobName, jobGroup, description, state, user, argString, loglevel, filter, serverUuid,
                retryAttempt, retryOf, maxRunning, null, null, null);
    }
}

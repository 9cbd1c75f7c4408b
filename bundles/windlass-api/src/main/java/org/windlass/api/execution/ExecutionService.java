package org.windlass.api.execution;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.Execution;
import org.windlass.api.spi.LogStore;

/**
 * Runs jobs and ad-hoc commands and reports on their executions. Thread-safe. Runs return as
 * soon as the execution's row exists; the work goes on in the background.
 */
@ProviderType
public interface ExecutionService {

    /**
     * Starts a job, or with {@link RunRequest#runAtTime()} schedules a one-off run of it: the
     * execution is {@code scheduled} (its start time the time it is due) until this member starts
     * it then; an abort before then cancels it.
     *
     * @throws org.windlass.api.job.JobFormatException never; see {@link RunException}
     * @throws RunException                 when the options, the filter or the job's switches refuse the run
     * @throws ExecutionConflictException   when the job does not allow another execution now
     * @throws java.util.NoSuchElementException when there is no such job
     */
    Execution runJob(String jobId, RunRequest request);

    /**
     * Fires a job for its schedule's tick (execution type {@code scheduled}), as the user who owns
     * the schedule, with the options' defaults.
     *
     * @throws RunException               when the job or its project has executions disabled
     * @throws ExecutionConflictException when the job does not allow another execution now
     */
    Execution runScheduled(String jobId, String user, java.time.Instant tick);

    /** Records that a tick of a job's schedule was missed (an execution in state {@code missed}). */
    Execution recordMissed(String jobId, String user, java.time.Instant tick, String reason);

    /**
     * Runs a job again with the options of one of its executions (except secure values, which are
     * never stored: their defaults or key storage give them again); the request's argument string
     * replaces them, its options win over them. The node filter is the request's, else with
     * {@code failedNodesOnly} the execution's failed nodes, else the execution's filter.
     *
     * @throws ExecutionNotFoundException when there is no such execution
     * @throws RunException when the execution is not one of that job's, or as {@link #runJob}
     */
    Execution retryJob(String jobId, long executionId, RunRequest request, boolean failedNodesOnly);

    /**
     * Starts an ad-hoc command or script.
     *
     * @throws RunException when the filter does not parse or the project's executions are disabled
     * @throws org.windlass.api.project.ProjectNotFoundException when there is no such project
     */
    Execution runAdhoc(String project, AdhocRequest request);

    Optional<Execution> get(long id);

    ExecutionQuery.Page query(ExecutionQuery query);

    /** @throws ExecutionNotFoundException when there is no such execution */
    WorkflowState workflowState(long id);

    /**
     * What an abort did.
     *
     * @param status    {@code pending} (the abort is under way), {@code aborted}, or {@code failed}
     * @param reason    why it failed, {@code null} otherwise
     * @param execution the execution as it stands
     */
    record AbortResult(String status, String reason, Execution execution) {
    }

    /**
     * Aborts an execution: its running commands are killed and it ends as aborted.
     *
     * @throws ExecutionNotFoundException when there is no such execution
     */
    AbortResult abort(long id, String user);

    /**
     * Reads an execution's log.
     *
     * @throws ExecutionNotFoundException when there is no such execution
     */
    LogStore.Slice output(long id, long offset, int maxEvents);

    /**
     * Reads the last events of an execution's log.
     *
     * @throws ExecutionNotFoundException when there is no such execution
     */
    LogStore.Slice outputTail(long id, int maxEvents);

    /** @return the size in bytes of the execution's log so far */
    long outputSize(long id);

    /**
     * Deletes a finished execution and its log.
     *
     * @return whether it existed
     * @throws ExecutionConflictException when it is still running
     */
    boolean delete(long id);

    /**
     * The log store new executions write to and its upload status.
     *
     * @param store  the store's plugin name
     * @param status its status
     */
    record LogStorage(String store, org.windlass.api.spi.LogStore.Status status) {
    }

    LogStorage logStorage();

    /** Retries the log store's pending uploads now; @return how many */
    int resumeLogStorage();

    /**
     * This member's load.
     *
     * @param running  executions running or queued here
     * @param capacity how many run at once
     */
    record Load(int running, int capacity) {
    }

    Load load();

    /**
     * Stops every execution running on this member and ends it in that state (the member was declared
     * dead: the cluster already counts them as ended).
     *
     * @return how many were stopped
     */
    int stopAll(org.windlass.api.ExecutionState state, String reason);

    /**
     * Runs again, on this member, an execution that ended incomplete because its member died, when its
     * job has retries left: the next attempt, with the execution's options (secure ones from defaults or
     * key storage).
     *
     * @return the retry, empty when the job has no retry left or no longer exists
     */
    Optional<Execution> retryIncomplete(long executionId);
}

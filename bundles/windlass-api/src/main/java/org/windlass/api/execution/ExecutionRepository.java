package org.windlass.api.execution;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;

/**
 * Execution rows in the cluster database, provided by windlass-persistence for windlass-engine.
 * Every method is one transaction; a database that cannot be reached throws
 * {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface ExecutionRepository {

    /**
     * Inserts an execution; with {@link NewExecution#maxRunning()} set, the job's running
     * executions are counted under a lock on the job's row, so two members cannot both start.
     *
     * @throws ExecutionConflictException when the job already runs {@code maxRunning} times
     */
    Execution create(NewExecution execution);

    Optional<Execution> find(long id);

    /** Moves a queued or scheduled execution to running on a member; @return it, empty when it was not waiting. */
    Optional<Execution> start(long id, String serverUuid);

    /**
     * Ends an execution that is not yet in a terminal state.
     *
     * @param workflowState its final workflow state document, {@code null} to keep the stored one
     * @return the execution as stored; unchanged when it had already ended
     */
    Execution finish(long id, ExecutionState state, List<String> succeededNodes, List<String> failedNodes,
                     String reason, String abortedBy, String workflowState);

    /** Stores the execution's workflow state document (per step and node). */
    void saveWorkflowState(long id, String document);

    /** @return the execution's workflow state document, empty when none was stored */
    Optional<String> workflowState(long id);

    ExecutionQuery.Page query(ExecutionQuery query);

    /** @return whether a row was deleted */
    boolean delete(long id);

    /**
     * Ends every execution a member was running (or had queued) as incomplete with the reason.
     *
     * @return the ids of the executions ended
     */
    List<Long> markIncomplete(String serverUuid, String reason);

    /** @return the member's executions in state {@code scheduled} (runs for later), oldest due first */
    List<Execution> scheduled(String serverUuid);

    /**
     * Asks the member that runs an execution to abort it (that member polls for requests).
     *
     * @return whether the request was recorded (false: the execution is not running or queued)
     */
    boolean requestAbort(long id, String user);

    /**
     * An abort asked of a member through the database.
     *
     * @param user who asked
     */
    record AbortRequest(long id, String user) {
    }

    /** @return the requests to abort the member's running or queued executions */
    List<AbortRequest> abortRequests(String serverUuid);

    /** @return the member's executions that another member handed to it (queued, not yet started) */
    List<Execution> forwarded(String serverUuid);
}

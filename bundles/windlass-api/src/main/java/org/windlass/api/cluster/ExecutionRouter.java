package org.windlass.api.cluster;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The remote execution policy, provided by windlass-cluster: which member runs a job's execution
 * started on this member. The engine creates the execution's row for that member, which claims it
 * from the database and runs it; the log goes to the shared log store, so any member shows it.
 */
@ProviderType
public interface ExecutionRouter {

    /**
     * Where an execution runs.
     *
     * @param memberUuid the member that runs it (this member's UUID: here)
     * @param memberName its name
     * @param policy     the policy that chose it ({@code None}, {@code Random}, {@code RoundRobin}, {@code Preset}, {@code Load}, or a plugin's)
     * @param profile    the profile that named the policy ({@code default} for the member's own settings)
     */
    record Route(String memberUuid, String memberName, String policy, String profile) {
    }

    /**
     * @param project    the execution's project (profiles are bound to projects)
     * @param jobId      the job
     * @param jobProfile the profile the job names ({@code executionPolicyProfile}), {@code null} for its project's
     * @throws org.windlass.api.execution.RunException when no member fits the profile, or the job names an unknown profile
     */
    Route route(String project, String jobId, String jobProfile);
}

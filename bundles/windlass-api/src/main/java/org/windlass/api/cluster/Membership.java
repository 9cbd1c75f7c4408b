package org.windlass.api.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.job.ScheduleRepository;

/**
 * This member's place in the cluster, provided by windlass-cluster: its heartbeat, whether it runs
 * executions, whether it was declared dead (fenced), the other members, and schedule takeover.
 * Thread-safe.
 */
@ProviderType
public interface Membership {

    /** @return this member's execution mode as of its last heartbeat (another member may switch it) */
    ExecutionMode executionMode();

    /**
     * @return why this member must not fire schedules or start executions now (it was declared dead, or has not
     * heartbeated for longer than a member is considered dead), {@code null} when it may
     */
    String fenced();

    /** @return every member with its state judged now, by name */
    List<ClusterMember> members();

    Optional<ClusterMember> member(String uuid);

    /**
     * Switches a member's execution mode; the member applies it at its next heartbeat, this member at once.
     *
     * @throws java.util.NoSuchElementException when there is no such member
     */
    ClusterMember setExecutionMode(String uuid, ExecutionMode mode);

    /**
     * Which schedules a takeover moves.
     *
     * @param serverUuid the member whose schedules move, {@code null} with {@code all}
     * @param all        every other member's schedules
     * @param project    only this project's jobs, {@code null} for all
     * @param jobIds     only these jobs, empty for all
     * @param targets    the members they move to, spread evenly; empty for this member
     */
    record TakeoverRequest(String serverUuid, boolean all, String project, Set<String> jobIds, List<String> targets) {
        public TakeoverRequest {
            jobIds = jobIds == null ? Set.of() : Set.copyOf(jobIds);
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    /** Moves schedules in one transaction; @return what moved */
    List<ScheduleRepository.Move> takeOver(TakeoverRequest request);

    /** @return the URL users reach the cluster on (the load balancer's), {@code null} when not configured */
    String publicUrl();
}

package org.windlass.api.spi;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.ClusterMember;

/**
 * A remote execution policy: picks the member that runs an execution (Rundeck's None, Random,
 * RoundRobin, Preset, Load).
 *
 * <p>Threading: called concurrently by every member starting executions; a policy keeps any state
 * it needs (a round-robin counter) thread-safe. It must not block: candidates carry everything a
 * decision needs (state, tags, load from the last heartbeat).
 *
 * <p>Done: returns a member out of {@code candidates}, or empty when none is acceptable, in which
 * case the execution fails with the policy's explanation rather than running somewhere unexpected.
 */
@ConsumerType
public interface ExecutionPolicy {

    /** The value of {@link WindlassPlugin#TYPE} for execution policies. */
    String TYPE = "ExecutionPolicy";

    /**
     * @param project     the execution's project
     * @param jobId       the job's UUID, {@code null} for ad-hoc runs
     * @param selfUuid    the member asking
     * @param config      the policy profile's settings
     */
    record Request(String project, String jobId, String selfUuid, java.util.Map<String, String> config) {
        public Request {
            config = config == null ? java.util.Map.of() : java.util.Map.copyOf(config);
        }
    }

    /**
     * @param candidates the live, active members allowed by the profile, in a stable order
     * @return the chosen member, or empty when none fits
     */
    Optional<ClusterMember> select(Request request, List<ClusterMember> candidates);
}

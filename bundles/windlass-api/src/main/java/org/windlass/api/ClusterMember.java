package org.windlass.api;

import java.time.Instant;
import java.util.Set;

import org.windlass.api.cluster.MemberLoad;

/**
 * A member of the cluster as the members table records it.
 *
 * @param uuid          the member's stable UUID
 * @param name          its name (host name by default)
 * @param url           the URL other members reach it on
 * @param version       the Windlass version it runs
 * @param state         active, inactive or dead
 * @param lastHeartbeat the database time of its last heartbeat
 * @param tags          its tags, used by execution policies
 * @param executionMode active or passive
 * @param load          its load as of its last heartbeat
 */
public record ClusterMember(String uuid, String name, String url, String version, MemberState state,
                            Instant lastHeartbeat, Set<String> tags, ExecutionMode executionMode, MemberLoad load) {

    public ClusterMember {
        if (uuid == null || uuid.isBlank()) {
            throw new IllegalArgumentException("a cluster member needs a uuid");
        }
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        load = load == null ? MemberLoad.NONE : load;
    }

    /** A member whose load is unknown (API 1.1). */
    public ClusterMember(String uuid, String name, String url, String version, MemberState state,
                         Instant lastHeartbeat, Set<String> tags, ExecutionMode executionMode) {
        this(uuid, name, url, version, state, lastHeartbeat, tags, executionMode, MemberLoad.NONE);
    }
}

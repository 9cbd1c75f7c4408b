package org.windlass.api;

import java.time.Instant;
import java.util.Set;

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
 */
public record ClusterMember(String uuid, String name, String url, String version, MemberState state,
                            Instant lastHeartbeat, Set<String> tags, ExecutionMode executionMode) {

    public ClusterMember {
        if (uuid == null || uuid.isBlank()) {
            throw new IllegalArgumentException("a cluster member needs a uuid");
        }
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
}

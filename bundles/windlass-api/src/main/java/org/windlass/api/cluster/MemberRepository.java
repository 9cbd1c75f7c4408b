package org.windlass.api.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.windlass.api.ExecutionMode;

/**
 * The members table in the cluster database, provided by windlass-persistence. Every time in it is
 * the database's clock, never a member's, so members whose clocks disagree still agree on the age
 * of a heartbeat. Every method is one transaction; a database that cannot be reached throws
 * {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface MemberRepository {

    /**
     * What a member says about itself when it registers.
     *
     * @param initialMode     its execution mode when it has no row yet (a row keeps the mode last set)
     * @param takeoverPolicy  its autotakeover policy as the leader applies it: {@code None}, {@code Any}, or
     *                        {@code Allowed} (only the members {@code takeoverAllowed} names)
     * @param takeoverAllowed comma list of {@code Self}, {@code Other}, UUIDs and {@code /regex/}
     */
    record Registration(String uuid, String name, String url, String version, Set<String> tags,
                        ExecutionMode initialMode, String takeoverPolicy, String takeoverAllowed) {
        public Registration {
            tags = tags == null ? Set.of() : Set.copyOf(tags);
        }
    }

    /**
     * A member's row.
     *
     * @param incarnation   changes at every registration: a heartbeat of an older incarnation is refused
     * @param deadAt        when another member declared it dead, {@code null} while it is not
     */
    record Row(String uuid, String name, String url, String version, Set<String> tags, ExecutionMode mode,
               long incarnation, Instant registered, Instant lastHeartbeat, Instant deadAt, String deadReason,
               MemberLoad load, String takeoverPolicy, String takeoverAllowed) {
        public Row {
            tags = tags == null ? Set.of() : Set.copyOf(tags);
        }
    }

    /** Every row, and the database's time when they were read. */
    record Snapshot(Instant now, List<Row> rows) {
    }

    /** Registers the member, or again after a restart or after it was declared dead: a new incarnation, heartbeat now, not dead. */
    Row register(Registration registration);

    /**
     * Records a heartbeat of this incarnation.
     *
     * @return the row after it; empty when the incarnation was declared dead or replaced (the member is fenced)
     */
    Optional<Row> heartbeat(String uuid, long incarnation, MemberLoad load);

    Snapshot members();

    /**
     * Declares a member dead, if its last heartbeat is still the one the caller judged by.
     *
     * @return whether this call declared it (false: it heartbeated meanwhile, or another member came first)
     */
    boolean declareDead(String uuid, Instant lastHeartbeatSeen, String reason);

    /** @return whether there was such a member */
    boolean setMode(String uuid, ExecutionMode mode);

    /** Forgets a member that is dead; @return whether a row was removed */
    boolean remove(String uuid);
}

package org.windlass.api.job;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Who fires each scheduled job and which of its ticks are done, in the cluster database: one row
 * per job with a schedule. A tick is claimed by moving the row's last tick forward with a
 * conditional update, so each tick is handled (fired, skipped or recorded as missed) once in the
 * cluster however many members look at it. Every method is one transaction.
 */
@ProviderType
public interface ScheduleRepository {

    /**
     * @param jobUuid  the job
     * @param owner    the member that fires it
     * @param runAs    the user its scheduled executions run as
     * @param lastTick the last tick handled: ticks after it are due
     * @param updated  when the row last changed hands or was reset
     */
    record Row(String jobUuid, String owner, String runAs, Instant lastTick, Instant updated) {
    }

    /**
     * Makes the member the owner of the job's schedule (it saved the job), the ticks up to
     * {@code from} done; creates the row when there is none.
     */
    Row own(String jobUuid, String owner, String runAs, Instant from);

    /** Removes the job's row (its schedule was removed); the job's deletion removes it too. */
    void remove(String jobUuid);

    Optional<Row> find(String jobUuid);

    /** @return the rows the member owns */
    List<Row> owned(String owner);

    /**
     * A cheap fingerprint of the member's rows: it changes when a row is added, removed, taken over
     * or reset, not when a tick is claimed.
     *
     * @param count       how many rows the member owns
     * @param lastUpdated the latest {@link Row#updated()} among them, {@code null} for none
     */
    record Fingerprint(long count, Instant lastUpdated) {
    }

    Fingerprint fingerprint(String owner);

    /** @return every row, by job */
    List<Row> all();

    /**
     * Claims the ticks after {@code previous} up to {@code tick}: moves the last tick from
     * {@code previous} to {@code tick} when the row still has that last tick and that owner.
     *
     * @return whether this call claimed them (false: another claim or owner came first)
     */
    boolean claim(String jobUuid, String owner, Instant previous, Instant tick);

    /**
     * A schedule that changed hands.
     *
     * @param previousOwner the member that owned it
     * @param owner         the member that owns it now
     */
    record Move(String jobUuid, String previousOwner, String owner) {
    }

    /**
     * Moves schedules to other members in one transaction: each row still owned by one of the given
     * members goes to the next target in turn, so they are spread evenly; its last tick stays, so the
     * new owner fires (or records as missed) the ticks since.
     *
     * @param fromOwners the members whose rows move; empty: every member not among the targets
     * @param project    only jobs of this project, {@code null} for all
     * @param jobIds     only these jobs, empty for all
     * @param targets    the new owners (at least one)
     */
    List<Move> takeOver(java.util.Set<String> fromOwners, String project, java.util.Set<String> jobIds, List<String> targets);
}

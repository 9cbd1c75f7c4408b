package org.windlass.api.spi;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the change stream of a primary member (active/passive replication to a standby that
 * has its own database).
 *
 * <p>Threading: the replicator calls {@link #apply} from one thread per target, batches in
 * sequence order, never two at once.
 *
 * <p>Done: {@link #apply} returns once every change of the batch is durable on the target; the
 * primary then records {@link Batch#lastSequence()} as delivered. Applying a batch twice has no
 * further effect (changes carry their sequence numbers), so a retry after a failure is safe.
 */
@ConsumerType
public interface ReplicationTarget {

    /** The value of {@link WindlassPlugin#TYPE} for replication targets. */
    String TYPE = "ReplicationTarget";

    /** What happened to an entity. */
    enum Operation { UPSERT, DELETE }

    /**
     * One change.
     *
     * @param sequence   the primary's monotonically increasing change number
     * @param entity     the entity kind ({@code project}, {@code job}, {@code key}, ...)
     * @param id         the entity's id
     * @param operation  upsert or delete
     * @param payload    the entity's state after the change (JSON), {@code null} for a delete
     * @param time       when the primary committed it
     */
    record Change(long sequence, String entity, String id, Operation operation, String payload, Instant time) {
    }

    /** Consecutive changes. */
    record Batch(List<Change> changes) {
        public Batch {
            changes = List.copyOf(changes);
        }

        /** @return the sequence of the last change, or -1 for an empty batch */
        public long lastSequence() {
            return changes.isEmpty() ? -1 : changes.get(changes.size() - 1).sequence();
        }
    }

    /** @return the last sequence the target has applied, -1 when none (where to resume) */
    long lastApplied() throws PluginException;

    /** Applies a batch; see the class comment. */
    void apply(Batch batch) throws PluginException;
}

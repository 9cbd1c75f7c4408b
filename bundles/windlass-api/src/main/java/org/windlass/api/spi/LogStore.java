package org.windlass.api.spi;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.windlass.api.LogEvent;

/**
 * Stores execution logs where every member can read them.
 *
 * <p>Offsets are byte offsets into the execution's log as stored, so that a reader can resume
 * where it stopped, on any member, while the log is still written or after.
 *
 * <p>Threading: one writer per execution (the member running it); any number of concurrent readers.
 *
 * <p>Durability: a store that cannot reach its back end must not lose a line. It spools locally
 * and retries until the back end is back; {@link #state} reports {@link State#PENDING} meanwhile.
 */
@ConsumerType
public interface LogStore {

    /** The value of {@link WindlassPlugin#TYPE} for log stores. */
    String TYPE = "LogStore";

    /** Where an execution's log stands in this store. */
    enum State {
        /** nothing stored for this execution */
        NOT_FOUND,
        /** being written, readable up to what has been appended */
        WRITING,
        /** completed locally, upload to the back end not yet done */
        PENDING,
        /** complete and stored */
        COMPLETE
    }

    /** Appends to one execution's log. Not thread-safe: one writer per execution. */
    interface Writer extends AutoCloseable {

        /** Appends one event; returns once it is durable locally. */
        void append(LogEvent event) throws PluginException;

        /**
         * Marks the log complete: no more events. Done when the log is stored, or safely queued
         * for upload with the state {@link State#PENDING}.
         */
        void complete() throws PluginException;

        /** Releases resources without completing (the execution's member is stopping). */
        @Override
        void close();
    }

    /**
     * A slice of a log.
     *
     * @param events     the events read
     * @param nextOffset the offset to read from next
     * @param complete   {@code true} when the log is complete and {@code nextOffset} is its end
     */
    record Slice(List<LogEvent> events, long nextOffset, boolean complete) {
        public Slice {
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /** Opens the log of an execution for writing, creating it. */
    Writer open(long executionId) throws PluginException;

    /**
     * Reads events from an offset.
     *
     * @param maxEvents at most this many events; the slice ends on an event boundary
     */
    Slice read(long executionId, long offset, int maxEvents) throws PluginException;

    /**
     * Reads the last events of a log, for a tail: the slice's {@code nextOffset} is the end of
     * what has been written, so that a reader can follow on from there.
     *
     * @param maxEvents at most this many events, the last ones
     */
    Slice readLast(long executionId, int maxEvents) throws PluginException;

    /** @return the size in bytes of what has been written of the log, 0 when there is none */
    long size(long executionId) throws PluginException;

    /** @return where the execution's log stands */
    State state(long executionId) throws PluginException;

    /** Deletes the execution's log; done when it is gone (also when it never existed). */
    void delete(long executionId) throws PluginException;

    /**
     * How uploads to the back end stand, for the status API.
     *
     * @param uploaded  logs uploaded since the store started
     * @param failures  failed upload attempts since the store started (each is retried)
     * @param pending   executions whose log waits for its upload, oldest first
     * @param lastError the last failure, {@code null} when the last attempt (or the back end's check) succeeded
     */
    record Status(long uploaded, long failures, List<Long> pending, String lastError) {
        public Status {
            pending = pending == null ? List.of() : List.copyOf(pending);
        }
    }

    /** @return the upload status; a store that writes straight to its back end has nothing pending */
    default Status status() {
        return new Status(0, 0, List.of(), null);
    }

    /**
     * Retries every pending upload now, instead of waiting for its next attempt.
     *
     * @return how many uploads were started again
     */
    default int resumePending() {
        return 0;
    }
}

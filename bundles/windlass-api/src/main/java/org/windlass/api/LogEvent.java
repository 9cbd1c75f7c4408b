package org.windlass.api;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of an execution's log.
 *
 * @param time        when it was produced
 * @param level       its level
 * @param type        Rundeck's event type, {@code log} for output lines
 * @param node        the node that produced it, {@code null} for workflow-level events
 * @param stepContext Rundeck's step context ({@code 1}, {@code 2/1}, ...), may be {@code null}
 * @param message     the text, without a trailing line break
 * @param metadata    further fields (user, command, ...), never {@code null}
 */
public record LogEvent(Instant time, LogLevel level, String type, String node, String stepContext,
                       String message, Map<String, String> metadata) {

    public LogEvent {
        if (time == null || level == null || message == null) {
            throw new IllegalArgumentException("a log event needs a time, a level and a message");
        }
        type = type == null ? "log" : type;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}

package org.windlass.engine.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.PluginException;

/**
 * One execution's log: every thread of the execution writes through here, one event at a time,
 * into the log store's writer. A store that fails is reported once; the execution goes on.
 */
final class LogSink {

    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

    private final long executionId;
    private final LogStore.Writer writer;
    private final LogLevel threshold;
    private final String user;
    private final java.util.List<String> secrets;
    private boolean failed;
    private LogLimit limit;
    private java.util.function.Consumer<String> onHalt;
    private long outputLines;
    private long outputBytes;
    private final Map<String, Long> nodeLines = new HashMap<>();
    private final java.util.Set<String> truncatedNodes = new java.util.HashSet<>();
    private boolean truncated;

    LogSink(long executionId, LogStore.Writer writer, LogLevel threshold, String user) {
        this(executionId, writer, threshold, user, java.util.List.of());
    }

    /** @param secrets values never written: secure option values are masked wherever they appear */
    LogSink(long executionId, LogStore.Writer writer, LogLevel threshold, String user, java.util.Collection<String> secrets) {
        this.executionId = executionId;
        this.writer = writer;
        this.threshold = threshold;
        this.user = user;
        this.secrets = secrets.stream().filter(v -> v != null && v.length() >= 3).toList();
    }

    /**
     * Applies a job's log output limit to the commands' output (not to Windlass's own lines).
     *
     * @param onHalt called once, with the reason, when a halting limit is exceeded
     */
    synchronized void limit(LogLimit limit, java.util.function.Consumer<String> onHalt) {
        this.limit = limit;
        this.onHalt = onHalt;
    }

    /** @return whether a line of output from the node may be logged; counts it */
    private boolean withinLimit(String node, String line) {
        if (limit == null) {
            return true;
        }
        String key = node == null ? "" : node;
        if (truncated || truncatedNodes.contains(key)) {
            return false;
        }
        boolean over;
        switch (limit.kind()) {
            case LINES -> over = ++outputLines > limit.limit();
            case LINES_PER_NODE -> over = nodeLines.merge(key, 1L, Long::sum) > limit.limit();
            default -> {
                outputBytes += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                over = outputBytes > limit.limit();
            }
        }
        if (!over) {
            return true;
        }
        String what = limit.kind() == LogLimit.Kind.LINES_PER_NODE ? "node " + key + "'s output" : "the output";
        if (limit.halt()) {
            truncated = true;
            String reason = "log output limit exceeded (loglimit " + limit.text() + "): " + what + " passed it; the execution halts";
            write(LogLevel.ERROR, "log", node, null, reason);
            java.util.function.Consumer<String> h = onHalt;
            onHalt = null;
            if (h != null) {
                h.accept(reason);
            }
        } else {
            if (limit.kind() == LogLimit.Kind.LINES_PER_NODE) {
                truncatedNodes.add(key);
            } else {
                truncated = true;
            }
            write(LogLevel.WARN, "log", node, null, "log output limit reached (loglimit " + limit.text() + "): the rest of "
                    + what + " is not logged");
        }
        return false;
    }

    private String mask(String message) {
        String m = message;
        for (String s : secrets) {
            if (m.contains(s)) {
                m = m.replace(s, "*****");
            }
        }
        return m;
    }

    void log(LogLevel level, String node, String stepctx, String message) {
        log(level, "log", node, stepctx, message);
    }

    synchronized void log(LogLevel level, String type, String node, String stepctx, String message) {
        write(level, type, node, stepctx, message);
    }

    /** A line of a command's output, counted against the job's log limit. */
    synchronized void output(LogLevel level, String node, String stepctx, String line) {
        if (withinLimit(node, line)) {
            write(level, "log", node, stepctx, line);
        }
    }

    private void write(LogLevel level, String type, String node, String stepctx, String message) {
        if (level.ordinal() < threshold.ordinal() || failed) {
            return;
        }
        Map<String, String> meta = new HashMap<>(2);
        if (user != null) {
            meta.put("user", user);
        }
        try {
            writer.append(new LogEvent(Instant.now(), level, type, node, stepctx, secrets.isEmpty() ? message : mask(message), meta));
        } catch (PluginException | RuntimeException e) {
            failed = true;
            LOG.error("Execution {}: its log store refused a line; later output of this execution is not stored", executionId, e);
        }
    }

    /** @return a sink for one command's output on one node */
    OutputSink output(String node, String stepctx) {
        return new OutputSink() {
            @Override
            public void stdout(String line) {
                output(LogLevel.NORMAL, node, stepctx, line);
            }

            @Override
            public void stderr(String line) {
                output(LogLevel.ERROR, node, stepctx, line);
            }
        };
    }

    synchronized void complete() {
        try {
            writer.complete();
        } catch (PluginException | RuntimeException e) {
            LOG.error("Execution {}: its log could not be completed", executionId, e);
        } finally {
            writer.close();
        }
    }
}

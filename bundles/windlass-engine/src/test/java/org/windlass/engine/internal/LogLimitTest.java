package org.windlass.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.OutputSink;

/** Rundeck's loglimit forms, and the sink applying them to command output. */
class LogLimitTest {

    @Test
    void rundecksForms() {
        assertNull(LogLimit.parse(null, null, null));
        LogLimit lines = LogLimit.parse("1000", null, null);
        assertEquals(LogLimit.Kind.LINES, lines.kind());
        assertEquals(1000, lines.limit());
        assertTrue(lines.halt());
        assertEquals(ExecutionState.FAILED, lines.status());
        LogLimit perNode = LogLimit.parse("100/node", "truncate", null);
        assertEquals(LogLimit.Kind.LINES_PER_NODE, perNode.kind());
        assertTrue(!perNode.halt());
        assertEquals(10L * 1024 * 1024, LogLimit.parse("10MB", "halt", "aborted").limit());
        assertEquals(ExecutionState.ABORTED, LogLimit.parse("10MB", "halt", "aborted").status());
        assertEquals(2048, LogLimit.parse("2 kb", null, null).limit());
        assertEquals("loglimit 'ten' is not a number of lines (1000), lines per node (100/node) or a size (10MB, with B, KB, MB or GB)",
                assertThrows(IllegalArgumentException.class, () -> LogLimit.parse("ten", null, null)).getMessage());
        assertEquals("loglimitAction 'stop' is neither halt nor truncate",
                assertThrows(IllegalArgumentException.class, () -> LogLimit.parse("10", "stop", null)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogLimit.parse("10", "halt", "weird")).getMessage()
                .startsWith("loglimitStatus 'weird' is neither failed nor aborted"));
    }

    private final List<String> logged = new ArrayList<>();

    private LogSink sink() {
        return new LogSink(1, new LogStore.Writer() {
            @Override
            public void append(LogEvent event) {
                logged.add((event.node() == null ? "-" : event.node()) + ": " + event.message());
            }

            @Override
            public void complete() {
            }

            @Override
            public void close() {
            }
        }, LogLevel.NORMAL, "u");
    }

    @Test
    void truncatePerNodeKeepsEachNodesFirstLinesAndGoesOn() {
        LogSink sink = sink();
        List<String> halted = new ArrayList<>();
        sink.limit(LogLimit.parse("2/node", "truncate", null), halted::add);
        OutputSink a = sink.output("a", "1");
        OutputSink b = sink.output("b", "1");
        a.stdout("a1");
        a.stdout("a2");
        a.stdout("a3");
        b.stdout("b1");
        a.stderr("a4");
        b.stdout("b2");
        sink.log(LogLevel.NORMAL, null, null, "windlass's own lines are not counted");
        assertEquals(List.of("a: a1", "a: a2", "a: log output limit reached (loglimit 2/node): the rest of node a's output is not logged",
                "b: b1", "b: b2", "-: windlass's own lines are not counted"), logged);
        assertTrue(halted.isEmpty());
    }

    @Test
    void haltStopsOnceWithTheReason() {
        LogSink sink = sink();
        List<String> halted = new ArrayList<>();
        sink.limit(LogLimit.parse("10B", "halt", null), halted::add);
        OutputSink a = sink.output("a", "1");
        a.stdout("1234");
        a.stdout("5678");
        a.stdout("9012");
        a.stdout("more");
        assertEquals(1, halted.size());
        assertEquals("log output limit exceeded (loglimit 10B): the output passed it; the execution halts", halted.get(0));
        assertEquals(List.of("a: 1234", "a: 5678", "a: " + halted.get(0)), logged);
    }
}

package org.windlass.executor.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.PluginException;

class LocalNodeExecutorTest {

    private static final Node NODE = new Node("localhost", "localhost", null, null, null, Map.of());

    @TempDir
    Path dir;

    private LocalNodeExecutor executor;

    private LocalNodeExecutor executor() {
        if (executor == null) {
            executor = new LocalNodeExecutor(dir);
        }
        return executor;
    }

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.deactivate();
        }
    }

    private CompletableFuture<Integer> sh(String script, Map<String, String> env, Duration timeout, OutputSink sink) {
        return executor().execute(new NodeExecutor.Request(7, NODE, List.of("sh", "-c", script), env, timeout), sink);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(20, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static void assertGone(long pid) throws Exception {
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " still runs");
    }

    @Test
    void interleavedLinesArriveInOrderPerStreamBeforeTheExitCode() throws Exception {
        RecordingSink sink = new RecordingSink();
        int code = sh("i=1; while [ $i -le 500 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done", Map.of(), null, sink)
                .get(20, TimeUnit.SECONDS);
        assertEquals(0, code);
        assertEquals(IntStream.rangeClosed(1, 500).mapToObj(i -> "out" + i).toList(), sink.out());
        assertEquals(IntStream.rangeClosed(1, 500).mapToObj(i -> "err" + i).toList(), sink.err());
    }

    @Test
    void lineBreaksAreStrippedAndTheLastLineWithoutOneIsDelivered() throws Exception {
        RecordingSink sink = new RecordingSink();
        sh("printf 'crlf\\r\\n\\nunicode \\303\\251\\342\\202\\254\\nlast'", Map.of(), null, sink).get(20, TimeUnit.SECONDS);
        assertEquals(List.of("crlf", "", "unicode é€", "last"), sink.out());
    }

    @Test
    void theExitCodeIsReturnedAndStandardInputIsClosed() throws Exception {
        assertEquals(3, sh("exit 3", Map.of(), null, new RecordingSink()).get(20, TimeUnit.SECONDS));
        assertEquals(0, sh("cat", Map.of(), null, new RecordingSink()).get(20, TimeUnit.SECONDS));
    }

    @Test
    void theEnvironmentIsTheMembersPlusTheRequestsAndTheWorkingDirectoryIsConfigured() throws Exception {
        RecordingSink sink = new RecordingSink();
        sh("echo \"$RD_X\"; echo \"$PATH\" | grep -q / && echo path; pwd", Map.of("RD_X", "hello world"), null, sink)
                .get(20, TimeUnit.SECONDS);
        assertEquals(List.of("hello world", "path", dir.toRealPath().toString()), sink.out());
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildren() throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Integer> future = sh("sleep 30 & echo $$ $!; wait", Map.of(), Duration.ofMillis(1500), sink);
        String[] pids = sink.firstStdout.get(20, TimeUnit.SECONDS).split(" ");
        Throwable t = failure(future);
        PluginException e = assertInstanceOf(PluginException.class, t);
        assertEquals("Timeout", e.reason());
        assertTrue(e.getMessage().contains("timed out after 1.500s"), e.getMessage());
        assertTrue(e.getMessage().contains("sleep 30"), e.getMessage());
        assertGone(Long.parseLong(pids[0]));
        assertGone(Long.parseLong(pids[1]));
    }

    @Test
    void cancellingKillsTheProcessTreeAndFreesTheReaders() throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Integer> future = sh("sleep 30 & sleep 31 & echo $$ $!; wait", Map.of(), null, sink);
        String[] pids = sink.firstStdout.get(20, TimeUnit.SECONDS).split(" ");
        assertTrue(future.cancel(true));
        assertThrows(CancellationException.class, () -> future.get(1, TimeUnit.SECONDS));
        assertGone(Long.parseLong(pids[0]));
        assertGone(Long.parseLong(pids[1]));
        assertEquals(0, executor().runningCount());
        // the pool is still usable afterwards
        assertEquals(0, sh("true", Map.of(), null, new RecordingSink()).get(20, TimeUnit.SECONDS));
    }

    @Test
    void aProgramThatCannotStartFailsNamingTheCommandAndTheReason() throws Exception {
        CompletableFuture<Integer> future = executor().execute(new NodeExecutor.Request(7, NODE,
                List.of("/no/such/program-xyz", "arg"), Map.of(), null), new RecordingSink());
        PluginException e = assertInstanceOf(PluginException.class, failure(future));
        assertEquals("ProcessStartFailure", e.reason());
        assertTrue(e.getMessage().contains("/no/such/program-xyz"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
    }

    @Test
    void aFailingSinkEndsTheCommand() throws Exception {
        OutputSink failing = new OutputSink() {
            @Override
            public void stdout(String line) {
                throw new IllegalStateException("log store full");
            }

            @Override
            public void stderr(String line) {
            }
        };
        PluginException e = assertInstanceOf(PluginException.class,
                failure(sh("echo one; sleep 30", Map.of(), null, failing)));
        assertEquals("OutputFailure", e.reason());
        assertTrue(e.getMessage().contains("log store full"), e.getMessage());
    }

    @Test
    void deactivationKillsRunningCommands() throws Exception {
        RecordingSink sink = new RecordingSink();
        CompletableFuture<Integer> future = sh("sleep 30 & echo $$ $!; wait", Map.of(), null, sink);
        String[] pids = sink.firstStdout.get(20, TimeUnit.SECONDS).split(" ");
        executor.deactivate();
        assertEquals("ExecutorStopped", assertInstanceOf(PluginException.class, failure(future)).reason());
        assertGone(Long.parseLong(pids[0]));
        assertGone(Long.parseLong(pids[1]));
        executor = null;
    }

    @Test
    void durationsAreReadable() {
        assertEquals("250 ms", LocalNodeExecutor.format(Duration.ofMillis(250)));
        assertEquals("30s", LocalNodeExecutor.format(Duration.ofSeconds(30)));
        assertEquals("1h 2m 3s", LocalNodeExecutor.format(Duration.ofSeconds(3723)));
        assertEquals("5m", LocalNodeExecutor.format(Duration.ofMinutes(5)));
    }

    @Test
    void twoHundredMegabytesWithAndWithoutLineBreaksStreamThroughASmallHeap() throws Exception {
        // without line breaks: 64 KiB pieces
        assertEquals(List.of(200_000_000L, (200_000_000L + 65_535) / 65_536, 65_536L, 0L),
                runWithSmallHeap("head -c 200000000 /dev/zero | tr '\\0' 'x'"));
        // 100-byte lines
        assertEquals(List.of(198_000_000L, 2_000_000L, 99L, 0L),
                runWithSmallHeap("yes " + "x".repeat(99) + " | head -c 200000000"));
    }

    /** Runs {@link BigOutputMain} in a JVM with a 32 MB heap: a 200 MB String could not exist there. */
    private static List<Long> runWithSmallHeap(String script) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                BigOutputMain.class.getName(), script).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(output);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String text = output.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), text);
        String[] last = text.lines().reduce((a, b) -> b).orElse("").split(" ");
        List<Long> values = new ArrayList<>();
        for (String v : last) {
            values.add(Long.parseLong(v));
        }
        return values;
    }
}

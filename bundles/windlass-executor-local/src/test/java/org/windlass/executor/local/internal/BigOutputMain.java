package org.windlass.executor.local.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.windlass.api.Node;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;

/**
 * Runs a shell command through {@link LocalNodeExecutor} with a sink that only counts, in a JVM
 * started with a small heap by {@link LocalNodeExecutorTest}; prints
 * {@code <chars> <lines> <longest line> <exit code>} as its result.
 */
public final class BigOutputMain {

    private BigOutputMain() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong chars = new AtomicLong();
        AtomicLong lines = new AtomicLong();
        AtomicLong longest = new AtomicLong();
        OutputSink sink = new OutputSink() {
            @Override
            public void stdout(String line) {
                chars.addAndGet(line.length());
                lines.incrementAndGet();
                longest.accumulateAndGet(line.length(), Math::max);
            }

            @Override
            public void stderr(String line) {
                stdout(line);
            }
        };
        LocalNodeExecutor executor = new LocalNodeExecutor(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            Node node = new Node("localhost", "localhost", null, null, null, Map.of());
            int code = executor.execute(new NodeExecutor.Request(1, node, List.of("sh", "-c", args[0]), Map.of(), null), sink)
                    .get(5, TimeUnit.MINUTES);
            System.out.println(chars + " " + lines + " " + longest + " " + code);
        } finally {
            executor.deactivate();
        }
    }
}

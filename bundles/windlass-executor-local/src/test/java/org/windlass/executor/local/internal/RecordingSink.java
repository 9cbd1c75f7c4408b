package org.windlass.executor.local.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.windlass.api.spi.OutputSink;

/** Keeps every line; {@link #firstStdout} completes with the first line of standard output. */
final class RecordingSink implements OutputSink {

    final List<String> out = new ArrayList<>();
    final List<String> err = new ArrayList<>();
    final CompletableFuture<String> firstStdout = new CompletableFuture<>();

    @Override
    public synchronized void stdout(String line) {
        out.add(line);
        firstStdout.complete(line);
    }

    @Override
    public synchronized void stderr(String line) {
        err.add(line);
    }

    synchronized List<String> out() {
        return List.copyOf(out);
    }

    synchronized List<String> err() {
        return List.copyOf(err);
    }
}

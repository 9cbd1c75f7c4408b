package org.windlass.logstore.file.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;

/**
 * Writes a log of a given size through the file log store, event by event as an execution does,
 * then reads it back by offset as a follower does; prints throughput and the peak heap used.
 *
 * <pre>bench/logstore.sh [megabytes]</pre>
 */
public final class LogStoreThroughput {

    private LogStoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        Path dir = Files.createTempDirectory("windlass-logstore-bench");
        FileLogStore store = new FileLogStore(dir);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        String line = "x".repeat(100);
        Map<String, String> meta = Map.of("user", "bench");
        long target = megabytes * 1024 * 1024;
        long events = 0;
        long t0 = System.nanoTime();
        try (LogStore.Writer w = store.open(1)) {
            while (store.size(1) < target) {
                for (int i = 0; i < 10_000; i++) {
                    w.append(new LogEvent(Instant.now(), LogLevel.NORMAL, "log", "node-1", "1", line + events, meta));
                    events++;
                }
            }
            w.complete();
        }
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        long size = store.size(1);
        long writePeak = peakHeap.getAndSet(0);

        long t1 = System.nanoTime();
        long offset = 0;
        long read = 0;
        while (true) {
            LogStore.Slice s = store.read(1, offset, 5000);
            read += s.events().size();
            offset = s.nextOffset();
            if (s.complete()) {
                break;
            }
        }
        double readSeconds = (System.nanoTime() - t1) / 1e9;
        long readPeak = peakHeap.get();
        LogStore.Slice tail = store.readLast(1, 100);
        store.delete(1);
        Files.deleteIfExists(dir.resolve("0"));
        Files.deleteIfExists(dir);
        sampler.interrupt();

        double mb = size / 1024.0 / 1024.0;
        System.out.printf("log size            %.0f MB, %d events (%d read back, tail %d)%n", mb, events, read, tail.events().size());
        System.out.printf("write               %.1f s, %.0f MB/s, %.0f events/s, peak heap %d MB%n",
                writeSeconds, mb / writeSeconds, events / writeSeconds, writePeak / 1024 / 1024);
        System.out.printf("read by offset      %.1f s, %.0f MB/s, %.0f events/s, peak heap %d MB%n",
                readSeconds, mb / readSeconds, read / readSeconds, readPeak / 1024 / 1024);
        System.out.printf("max heap            %d MB%n", Runtime.getRuntime().maxMemory() / 1024 / 1024);
        if (read != events) {
            throw new IllegalStateException("read " + read + " events, wrote " + events);
        }
    }
}

package org.windlass.logstore.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.LogStore.Slice;
import org.windlass.api.spi.LogStore.State;
import org.windlass.api.spi.PluginException;

class FileLogStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T20:01:02.123Z");

    @TempDir
    Path dir;

    private FileLogStore store() {
        return new FileLogStore(dir);
    }

    private static LogEvent event(int i) {
        return new LogEvent(T0.plusMillis(i), LogLevel.NORMAL, "log", "web1", "1", "line " + i, Map.of());
    }

    private static List<LogEvent> events(int from, int to) {
        return IntStream.range(from, to).mapToObj(FileLogStoreTest::event).toList();
    }

    private static void write(LogStore.Writer w, List<LogEvent> events) throws PluginException {
        for (LogEvent e : events) {
            w.append(e);
        }
    }

    /** Reads everything from an offset in slices of {@code step} events. */
    private static List<LogEvent> readAll(LogStore store, long id, long offset, int step) throws PluginException {
        List<LogEvent> all = new ArrayList<>();
        long next = offset;
        while (true) {
            Slice s = store.read(id, next, step);
            all.addAll(s.events());
            assertTrue(s.events().size() <= step);
            if (s.nextOffset() == next || s.complete()) {
                return all;
            }
            next = s.nextOffset();
        }
    }

    @Test
    void theFileIsRundecksFormatInAShardDirectory() throws Exception {
        FileLogStore store = store();
        try (LogStore.Writer w = store.open(12345)) {
            w.append(new LogEvent(T0, LogLevel.NORMAL, "log", "web1", "1", "hello", Map.of("user", "admin")));
            w.append(new LogEvent(T0, LogLevel.ERROR, "stepbegin", null, null, "", Map.of()));
            w.complete();
        }
        Path file = dir.resolve("12").resolve("12345.rdlog");
        assertEquals("^text/x-rundeck-log-v2.0^\n"
                + "^2026-11-24T20:01:02.123Z|||{node=web1|stepctx=1|user=admin}|hello^\n"
                + "^2026-11-24T20:01:02.123Z|stepbegin|ERROR|{}|^\n"
                + "^END^\n", Files.readString(file));
        assertEquals(Files.size(file), store.size(12345));
    }

    @Test
    void everyEscapedCharacterSurvivesTheRoundTripOnOneLinePerEvent() throws Exception {
        String nasty = "a\\b^c|d}e=f{g\nh\ri\r\nj ^END^ é€😀 \\n";
        List<LogEvent> written = List.of(
                new LogEvent(T0, LogLevel.WARN, "log", "web|1}=^", "2/1", nasty, Map.of(nasty, nasty, "k", "")),
                new LogEvent(T0.plusSeconds(1), LogLevel.DEBUG, "type|" + nasty, null, null, "^END^", Map.of()),
                new LogEvent(T0.plusSeconds(2), LogLevel.VERBOSE, "log", "", "", "\\", Map.of("=", "|", "}", "\\")),
                new LogEvent(T0.plusSeconds(3), LogLevel.ERROR, "log", null, "1", "ends with backslash \\", Map.of()));
        FileLogStore store = store();
        try (LogStore.Writer w = store.open(1)) {
            write(w, written);
            w.complete();
        }
        assertEquals(written.size() + 2, Files.readAllLines(store.path(1)).size());
        Slice slice = store.read(1, 0, 100);
        assertEquals(written, slice.events());
        assertTrue(slice.complete());
        assertEquals(Files.size(store.path(1)), slice.nextOffset());
    }

    @Test
    void slicesResumeFromTheirNextOffsetAndAnOffsetInsideALineResyncs() throws Exception {
        FileLogStore store = store();
        List<LogEvent> all = events(0, 100);
        try (LogStore.Writer w = store.open(5)) {
            write(w, all);
            Slice first = store.read(5, 0, 30);
            assertEquals(all.subList(0, 30), first.events());
            assertFalse(first.complete());
            assertEquals(all.subList(30, 100), readAll(store, 5, first.nextOffset(), 7));
            // three bytes into event 30: resync to event 31
            assertEquals(all.subList(31, 40), store.read(5, first.nextOffset() + 3, 9).events());
            w.complete();
        }
        Slice rest = store.read(5, store.read(5, 0, 99).nextOffset(), 10);
        assertEquals(List.of(all.get(99)), rest.events());
        assertTrue(rest.complete());
        Slice atEnd = store.read(5, rest.nextOffset(), 10);
        assertEquals(List.of(), atEnd.events());
        assertTrue(atEnd.complete());
        assertEquals(rest.nextOffset(), atEnd.nextOffset());
        // the trailer comes with the last events when it is right after them
        assertTrue(store.read(5, 0, 100).complete());
    }

    @Test
    void aHalfWrittenLastLineIsNotReturned() throws Exception {
        FileLogStore store = store();
        try (LogStore.Writer w = store.open(7)) {
            write(w, events(0, 2));
        }
        Path file = store.path(7);
        long before = Files.size(file);
        Files.writeString(file, "^2026-11-24T20:01:02.123Z|||{}|half", StandardOpenOption.APPEND);
        Slice slice = store.read(7, 0, 10);
        assertEquals(events(0, 2), slice.events());
        assertEquals(before, slice.nextOffset());
        assertEquals(before, store.readLast(7, 10).nextOffset());
        assertEquals(State.WRITING, store.state(7));
        Files.writeString(file, " done^\n", StandardOpenOption.APPEND);
        assertEquals("half done", store.read(7, slice.nextOffset(), 10).events().get(0).message());
    }

    @Test
    void aReaderFollowingAWriterSeesEveryEventOnceInOrder() throws Exception {
        FileLogStore store = store();
        List<LogEvent> all = IntStream.range(0, 20_000)
                .mapToObj(i -> new LogEvent(T0.plusMillis(i), LogLevel.NORMAL, "log", "n" + i % 7, null,
                        "event " + i + " " + "x".repeat(i % 300), Map.of("i", Integer.toString(i))))
                .toList();
        LogStore.Writer w = store.open(99);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (w) {
                write(w, all);
                w.complete();
            } catch (PluginException e) {
                throw new IllegalStateException(e);
            }
        });
        List<LogEvent> seen = new ArrayList<>();
        long offset = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        boolean complete = false;
        while (!complete && System.nanoTime() < deadline) {
            Slice s = store.read(99, offset, 500);
            assertTrue(s.nextOffset() >= offset);
            assertTrue(s.nextOffset() <= store.size(99));
            seen.addAll(s.events());
            offset = s.nextOffset();
            complete = s.complete();
            Thread.onSpinWait();
        }
        writer.get(60, TimeUnit.SECONDS);
        assertTrue(complete);
        assertEquals(all, seen);
        assertEquals(Files.size(store.path(99)), offset);
    }

    @Test
    void readLastGivesTheLastEventsAndWhereToFollowOn() throws Exception {
        FileLogStore store = store();
        assertEquals(new Slice(List.of(), 0, false), store.readLast(3, 5));
        try (LogStore.Writer w = store.open(3)) {
            write(w, events(0, 100));
            Slice last = store.readLast(3, 5);
            assertEquals(events(95, 100), last.events());
            assertEquals(store.size(3), last.nextOffset());
            assertFalse(last.complete());
            assertEquals(events(0, 100), store.readLast(3, 1000).events());
            assertEquals(List.of(), store.readLast(3, 0).events());
            write(w, events(100, 103));
            assertEquals(events(100, 103), store.read(3, last.nextOffset(), 10).events());
            w.complete();
        }
        Slice done = store.readLast(3, 2);
        assertEquals(events(101, 103), done.events());
        assertTrue(done.complete());
        assertEquals(store.size(3), done.nextOffset());
    }

    @Test
    void theStateFollowsTheTrailerAndACompletedLogCannotBeReopened() throws Exception {
        FileLogStore store = store();
        assertEquals(State.NOT_FOUND, store.state(8));
        assertEquals(0, store.size(8));
        assertEquals(new Slice(List.of(), 0, false), store.read(8, 0, 10));
        LogStore.Writer w = store.open(8);
        assertEquals(State.WRITING, store.state(8));
        PluginException twice = assertThrows(PluginException.class, () -> store.open(8));
        assertEquals("AlreadyOpen", twice.reason());
        write(w, events(0, 3));
        w.close();
        assertEquals(State.WRITING, store.state(8));
        assertThrows(PluginException.class, () -> w.append(event(9)));

        // a restarted execution continues the log
        try (LogStore.Writer again = store.open(8)) {
            write(again, events(3, 5));
            again.complete();
            assertEquals("LogComplete", assertThrows(PluginException.class, () -> again.append(event(6))).reason());
        }
        assertEquals(State.COMPLETE, store.state(8));
        assertEquals(events(0, 5), store.read(8, 0, 10).events());
        PluginException reopen = assertThrows(PluginException.class, () -> store.open(8));
        assertEquals("LogComplete", reopen.reason());
        assertTrue(reopen.getMessage().contains("8.rdlog"), reopen.getMessage());
    }

    @Test
    void reopeningDropsAnIncompleteLineAndRefusesAForeignFile() throws Exception {
        FileLogStore store = store();
        try (LogStore.Writer w = store.open(11)) {
            write(w, events(0, 2));
        }
        Files.writeString(store.path(11), "^2026-11-24T20:01:02.123Z|||{}|cut off by a cr", StandardOpenOption.APPEND);
        try (LogStore.Writer w = store.open(11)) {
            write(w, events(2, 3));
        }
        assertEquals(events(0, 3), store.read(11, 0, 10).events());

        Files.createDirectories(store.path(12).getParent());
        Files.writeString(store.path(12), "something else\n");
        assertEquals("NotALog", assertThrows(PluginException.class, () -> store.open(12)).reason());
    }

    @Test
    void linesThatAreNotEventsAreSkipped() throws Exception {
        FileLogStore store = store();
        try (LogStore.Writer w = store.open(13)) {
            w.append(event(0));
            Files.writeString(store.path(13), "garbage\n^not|an event^\n", StandardOpenOption.APPEND);
        }
        try (LogStore.Writer w = store.open(13)) {
            w.append(event(1));
        }
        assertEquals(events(0, 2), store.read(13, 0, 10).events());
    }

    @Test
    void deleteRemovesTheLog() throws Exception {
        FileLogStore store = store();
        store.delete(4); // never existed: fine
        try (LogStore.Writer w = store.open(4)) {
            w.append(event(0));
            w.complete();
        }
        store.delete(4);
        assertEquals(State.NOT_FOUND, store.state(4));
        assertEquals(0, store.size(4));
        assertFalse(Files.exists(store.path(4)));
        assertThrows(PluginException.class, () -> store.read(-1, 0, 1));
        assertThrows(PluginException.class, () -> store.read(4, -1, 1));
    }

    @Test
    void theDefaultDirectoryIsUnderKarafDataWhenSet() {
        String before = System.getProperty("karaf.data");
        try {
            System.clearProperty("karaf.data");
            assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "windlass-logs"), FileLogStore.defaultDir(""));
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/windlass/logs"), FileLogStore.defaultDir(null));
            assertEquals(Path.of("/shared/logs"), FileLogStore.defaultDir(" /shared/logs "));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }

    @Test
    void aHundredMegabyteLogIsReadBackThroughASmallHeap() throws Exception {
        FileLogStore store = store();
        String pad = "y".repeat(180);
        int count = 500_000;
        long chars = 0;
        try (LogStore.Writer w = store.open(2_000_001)) {
            for (int i = 0; i < count; i++) {
                String message = i + " " + pad;
                chars += message.length();
                w.append(new LogEvent(T0.plusMillis(i), LogLevel.NORMAL, "log", "web1", "1", message, Map.of()));
            }
            w.complete();
        }
        assertTrue(store.size(2_000_001) > 100_000_000L, "size " + store.size(2_000_001));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                ReadBigLogMain.class.getName(), dir.toString(), "2000001").redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(output);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        String text = output.toString(StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), text);
        assertEquals(count + " " + chars + " true " + (count - 1) + " " + pad + " true",
                text.lines().reduce((a, b) -> b).orElse(""));
    }
}

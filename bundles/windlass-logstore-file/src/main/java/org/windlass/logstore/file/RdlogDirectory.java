package org.windlass.logstore.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.LogEvent;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.PluginException;

/**
 * Execution logs as files in a directory: one {@code text/x-rundeck-log-v2.0} file per execution
 * (Rundeck's rdlog) at {@code <dir>/<executionId / 1000>/<executionId>.rdlog}. The {@code file}
 * log store is one (every member pointing at the same shared file system); other stores use one
 * as their local spool or cache.
 *
 * <p>Writing: each event is one line written with one positioned write straight to the OS (no
 * Java buffering, no fsync), so readers here and on other members see it at once; a line counts
 * only once its {@code \n} is there, so a reader never takes a half-written event. Completing
 * writes the {@code ^END^} trailer and forces the file to disk. Reopening a log that is not
 * complete continues after its last whole line (dropping an incomplete line a crashed writer left).
 *
 * <p>Reading: offsets are byte offsets into the file; reads go through a 64 KiB buffer and load
 * only the lines they return, at most {@link #SLICE_BYTES} of them per slice (but always at least
 * one event), so a log of any size is read with a small heap. An offset inside a line resyncs to
 * the next line. Lines that are not events are skipped with a warning.
 *
 * <p>Threads: one writer per execution (enforced within this store), any number of readers, also
 * in other processes. Never {@link LogStore.State#PENDING}: the file is the store.
 */
public class RdlogDirectory implements LogStore {

    /** Most line bytes returned in one slice (beyond the first event). */
    static final int SLICE_BYTES = 4 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(RdlogDirectory.class);

    private final Path dir;
    private final Set<Long> writing = ConcurrentHashMap.newKeySet();

    public RdlogDirectory(Path dir) {
        this.dir = dir;
    }

    /** @return the directory */
    public Path dir() {
        return dir;
    }

    /** @return the file of an execution's log (it may not exist) */
    public Path path(long executionId) throws PluginException {
        if (executionId < 0) {
            throw new PluginException("InvalidExecutionId", "execution id " + executionId + " is negative");
        }
        return dir.resolve(Long.toString(executionId / 1000)).resolve(executionId + ".rdlog");
    }

    @Override
    public Writer open(long executionId) throws PluginException {
        Path path = path(executionId);
        if (!writing.add(executionId)) {
            throw new PluginException("AlreadyOpen", "the log of execution " + executionId
                    + " is already open for writing: " + path);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = prepare(executionId, path, channel);
            return new FileWriter(executionId, path, channel, size);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel, e);
            writing.remove(executionId);
            throw new PluginException("IOError", "cannot open the log of execution " + executionId + " for writing: "
                    + path + ": " + e.getMessage(), e);
        } catch (PluginException e) {
            closeQuietly(channel, e);
            writing.remove(executionId);
            throw e;
        }
    }

    /** Checks an existing log, drops an incomplete last line; @return where to append */
    private static long prepare(long executionId, Path path, FileChannel channel) throws IOException, PluginException {
        long size = channel.size();
        if (size > 0) {
            byte[] start = new byte[(int) Math.min(size, RdlogFormat.HEADER_LINE.length)];
            LineScanner.readFully(channel, ByteBuffer.wrap(start), 0);
            if (!Arrays.equals(start, 0, start.length, RdlogFormat.HEADER_LINE, 0, start.length)) {
                throw new PluginException("NotALog", path + " is not a " + RdlogFormat.HEADER + " log: it cannot be "
                        + "the log of execution " + executionId);
            }
            if (endsComplete(channel, size)) {
                throw new PluginException("LogComplete", "the log of execution " + executionId
                        + " is complete, it cannot be written again: " + path);
            }
            long end = LineScanner.endOfLastLine(channel, size);
            if (end < size) {
                LOG.warn("Log of execution {} ({}): dropping an incomplete last line of {} bytes left by an earlier "
                        + "writer", executionId, path, size - end);
                channel.truncate(end);
                size = end;
            }
        }
        if (size == 0) {
            write(channel, ByteBuffer.wrap(RdlogFormat.HEADER_LINE), 0);
            size = RdlogFormat.HEADER_LINE.length;
        }
        return size;
    }

    private static void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long p = position;
        while (bytes.hasRemaining()) {
            p += channel.write(bytes, p);
        }
    }

    /** @return whether the file ends with the trailer line */
    private static boolean endsComplete(FileChannel channel, long size) throws IOException {
        byte[] expected = RdlogFormat.COMPLETE_END;
        if (size < expected.length) {
            return false;
        }
        byte[] last = new byte[expected.length];
        LineScanner.readFully(channel, ByteBuffer.wrap(last), size - expected.length);
        return Arrays.equals(last, expected);
    }

    @Override
    public Slice read(long executionId, long offset, int maxEvents) throws PluginException {
        Path path = path(executionId);
        if (offset < 0) {
            throw new PluginException("InvalidOffset", "offset " + offset + " in the log of execution " + executionId
                    + " is negative");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = offset;
            if (start > size) {
                return new Slice(List.of(), offset, false);
            }
            if (start > 0 && start < size && !newlineAt(channel, start - 1)) {
                // not on a line start: resync to the next line
                LineScanner scanner = new LineScanner(channel, size);
                if (!scanner.next(start)) {
                    return new Slice(List.of(), offset, false);
                }
                start = scanner.nextLine();
            }
            Slice slice = readFrom(executionId, path, channel, start, size, maxEvents, SLICE_BYTES);
            if (!slice.complete() && slice.nextOffset() == size && endsComplete(channel, size)) {
                // read from the end of a complete log (after its trailer)
                return new Slice(slice.events(), slice.nextOffset(), true);
            }
            return slice;
        } catch (NoSuchFileException e) {
            return new Slice(List.of(), offset, false);
        } catch (IOException e) {
            throw readError(executionId, path, e);
        }
    }

    private static boolean newlineAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        LineScanner.readFully(channel, one, position);
        return one.get(0) == '\n';
    }

    /** Reads whole lines from a line start up to {@code limit}. */
    private static Slice readFrom(long executionId, Path path, FileChannel channel, long start, long limit,
                                  int maxEvents, long maxBytes) throws IOException {
        LineScanner scanner = new LineScanner(channel, limit);
        List<LogEvent> events = new ArrayList<>();
        long next = start;
        long bytes = 0;
        boolean complete = false;
        while (scanner.next(next)) {
            if (scanner.lineIs(RdlogFormat.TRAILER_LINE)) {
                next = scanner.nextLine();
                complete = true;
                break;
            }
            if (scanner.lineIs(RdlogFormat.HEADER_LINE)) {
                next = scanner.nextLine();
                continue;
            }
            if (events.size() >= maxEvents || !events.isEmpty() && bytes + scanner.lineLength() > maxBytes) {
                break; // full; the trailer right after was taken above
            }
            String line = new String(scanner.lineBytes(), StandardCharsets.UTF_8);
            try {
                events.add(RdlogFormat.parse(line));
                bytes += scanner.lineLength();
            } catch (IllegalArgumentException e) {
                LOG.warn("Log of execution {} ({}): skipping the line at offset {}, it is not an event: {}",
                        executionId, path, scanner.lineStart(), e.getMessage());
            }
            next = scanner.nextLine();
        }
        return new Slice(events, next, complete);
    }

    @Override
    public Slice readLast(long executionId, int maxEvents) throws PluginException {
        Path path = path(executionId);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            long end = LineScanner.endOfLastLine(channel, size);
            boolean complete = endsComplete(channel, end);
            long eventsEnd = complete ? end - RdlogFormat.TRAILER_LINE.length : end;
            if (maxEvents <= 0 || eventsEnd <= 0) {
                return new Slice(List.of(), end, complete);
            }
            long start = startOfLastLines(channel, eventsEnd, maxEvents, SLICE_BYTES);
            return readFrom(executionId, path, channel, start, end, maxEvents, Long.MAX_VALUE);
        } catch (NoSuchFileException e) {
            return new Slice(List.of(), 0, false);
        } catch (IOException e) {
            throw readError(executionId, path, e);
        }
    }

    /**
     * Scans backwards from {@code end} (just after a {@code \n}) in bounded chunks.
     *
     * @return the start of the {@code lines}-th line before {@code end}, or of fewer lines when they
     *         reach {@code maxBytes}, or 0
     */
    private static long startOfLastLines(FileChannel channel, long end, int lines, long maxBytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(LineScanner.BUFFER);
        int count = 0;
        long to = end - 1; // skip the \n that ends the last line
        while (to > 0) {
            long from = Math.max(0, to - chunk.capacity());
            chunk.clear();
            chunk.limit((int) (to - from));
            LineScanner.readFully(channel, chunk, from);
            byte[] a = chunk.array();
            for (int i = (int) (to - from) - 1; i >= 0; i--) {
                if (a[i] == '\n') {
                    long lineStart = from + i + 1;
                    count++;
                    if (count >= lines || end - lineStart >= maxBytes) {
                        return lineStart;
                    }
                }
            }
            to = from;
        }
        return 0;
    }

    @Override
    public long size(long executionId) throws PluginException {
        Path path = path(executionId);
        try {
            return Files.size(path);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw readError(executionId, path, e);
        }
    }

    @Override
    public State state(long executionId) throws PluginException {
        Path path = path(executionId);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return endsComplete(channel, channel.size()) ? State.COMPLETE : State.WRITING;
        } catch (NoSuchFileException e) {
            return State.NOT_FOUND;
        } catch (IOException e) {
            throw readError(executionId, path, e);
        }
    }

    @Override
    public void delete(long executionId) throws PluginException {
        Path path = path(executionId);
        try {
            if (Files.deleteIfExists(path) && writing.contains(executionId)) {
                LOG.warn("Deleted the log of execution {} ({}) while it is open for writing", executionId, path);
            }
        } catch (IOException e) {
            throw new PluginException("IOError", "cannot delete the log of execution " + executionId + ": " + path
                    + ": " + e.getMessage(), e);
        }
    }

    private static PluginException readError(long executionId, Path path, IOException e) {
        return new PluginException("IOError", "cannot read the log of execution " + executionId + ": " + path + ": "
                + e.getMessage(), e);
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Appends to one log; not thread-safe. */
    private final class FileWriter implements Writer {
        private final long executionId;
        private final Path path;
        private final FileChannel channel;
        private long position;
        private boolean closed;
        private boolean completed;

        FileWriter(long executionId, Path path, FileChannel channel, long position) {
            this.executionId = executionId;
            this.path = path;
            this.channel = channel;
            this.position = position;
        }

        @Override
        public void append(LogEvent event) throws PluginException {
            ensureOpen();
            writeLine(ByteBuffer.wrap(RdlogFormat.encode(event)), "append to");
        }

        @Override
        public void complete() throws PluginException {
            ensureOpen();
            writeLine(ByteBuffer.wrap(RdlogFormat.TRAILER_LINE), "complete");
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new PluginException("IOError", "cannot complete the log of execution " + executionId + ": " + path
                        + ": " + e.getMessage(), e);
            }
            completed = true;
            close();
        }

        private void writeLine(ByteBuffer line, String what) throws PluginException {
            try {
                write(channel, line, position);
                position += line.limit();
            } catch (IOException e) {
                PluginException failure = new PluginException("IOError", "cannot " + what + " the log of execution "
                        + executionId + ": " + path + ": " + e.getMessage(), e);
                try {
                    channel.truncate(position); // no half line that the next one would run into
                } catch (IOException truncate) {
                    failure.addSuppressed(truncate);
                }
                throw failure;
            }
        }

        private void ensureOpen() throws PluginException {
            if (closed) {
                throw new PluginException(completed ? "LogComplete" : "WriterClosed", "the log writer of execution "
                        + executionId + " is " + (completed ? "complete" : "closed") + ": " + path);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            writing.remove(executionId);
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Cannot close the log of execution {} ({})", executionId, path, e);
            }
        }
    }
}

package org.windlass.logstore.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Finds lines in a file through one bounded buffer: {@link #next} looks for the {@code \n} ending
 * the line that starts at a position; only a whole line is ever loaded, and only on request.
 * A line without its {@code \n} (still being written) is never taken. Not thread-safe.
 */
final class LineScanner {

    static final int BUFFER = 64 * 1024;

    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long bufferStart;
    private int bufferLength;
    private long lineStart;
    private long lineEnd;

    /** @param limit where the file ends for this scan (its size when the scan began) */
    LineScanner(FileChannel channel, long limit) {
        this.channel = channel;
        this.limit = limit;
    }

    /**
     * @param position where a line starts
     * @return {@code true} when the line is whole (its {@code \n} is before the limit)
     */
    boolean next(long position) throws IOException {
        long p = position;
        while (p < limit) {
            if (p < bufferStart || p >= bufferStart + bufferLength) {
                fill(p);
                if (bufferLength == 0) {
                    return false;
                }
            }
            byte[] a = buffer.array();
            for (int i = (int) (p - bufferStart); i < bufferLength; i++) {
                if (a[i] == '\n') {
                    lineStart = position;
                    lineEnd = bufferStart + i;
                    return true;
                }
            }
            p = bufferStart + bufferLength;
        }
        return false;
    }

    /** @return where the line found last starts */
    long lineStart() {
        return lineStart;
    }

    /** @return the position after the {@code \n} of the line found last */
    long nextLine() {
        return lineEnd + 1;
    }

    /** @return the length of the line found last, without its {@code \n} */
    long lineLength() {
        return lineEnd - lineStart;
    }

    /** @return whether the line found last is exactly these bytes (without {@code \n}) */
    boolean lineIs(byte[] expectedWithNewline) throws IOException {
        return lineLength() == expectedWithNewline.length - 1
                && Arrays.equals(lineBytes(), 0, expectedWithNewline.length - 1, expectedWithNewline, 0,
                        expectedWithNewline.length - 1);
    }

    /** @return the bytes of the line found last, without its {@code \n} */
    byte[] lineBytes() throws IOException {
        long length = lineLength();
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("a line of " + length + " bytes at offset " + lineStart + " is too long to read");
        }
        if (lineStart >= bufferStart && lineEnd <= bufferStart + bufferLength) {
            int from = (int) (lineStart - bufferStart);
            return Arrays.copyOfRange(buffer.array(), from, from + (int) length);
        }
        byte[] bytes = new byte[(int) length];
        readFully(channel, ByteBuffer.wrap(bytes), lineStart);
        return bytes;
    }

    private void fill(long position) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER, limit - position));
        bufferStart = position;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        bufferLength = buffer.position();
    }

    static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long p = position;
        while (target.hasRemaining()) {
            int n = channel.read(target, p);
            if (n < 0) {
                throw new EOFException("the file ended at " + p + " while reading");
            }
            p += n;
        }
    }

    /** @return the position after the last {@code \n} before {@code end}, 0 when there is none; scans backwards */
    static long endOfLastLine(FileChannel channel, long end) throws IOException {
        return previousNewline(channel, end, ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(1, end)))) + 1;
    }

    /** @return the position of the last {@code \n} before {@code end}, -1 when there is none */
    static long previousNewline(FileChannel channel, long end, ByteBuffer chunk) throws IOException {
        long to = end;
        while (to > 0) {
            long from = Math.max(0, to - chunk.capacity());
            chunk.clear();
            chunk.limit((int) (to - from));
            readFully(channel, chunk, from);
            byte[] a = chunk.array();
            for (int i = (int) (to - from) - 1; i >= 0; i--) {
                if (a[i] == '\n') {
                    return from + i;
                }
            }
            to = from;
        }
        return -1;
    }
}

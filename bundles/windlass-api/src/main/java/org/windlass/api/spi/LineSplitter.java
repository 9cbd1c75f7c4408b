package org.windlass.api.spi;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into UTF-8 lines without their {@code \n} or {@code \r\n}. A line longer
 * than {@link #MAX_LINE} bytes is delivered in pieces of at most that many bytes, cut on a
 * character boundary, so that output without line breaks never needs more than one buffer.
 * Not thread-safe: one splitter per stream.
 */
public final class LineSplitter {

    /** Longest piece delivered, in bytes. */
    public static final int MAX_LINE = 64 * 1024;

    private final byte[] line;
    private final int max;
    private final Consumer<String> out;
    private int len;

    public LineSplitter(Consumer<String> out) {
        this(out, MAX_LINE);
    }

    public LineSplitter(Consumer<String> out, int max) {
        if (max < 8) {
            throw new IllegalArgumentException("max line length must be at least 8 bytes");
        }
        this.out = out;
        this.max = max;
        this.line = new byte[max];
    }

    /** Feeds bytes; delivers every line they complete. */
    public void feed(byte[] buf, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            int nl = indexOfNewline(buf, i, end);
            int stop = nl < 0 ? end : nl;
            while (i < stop) {
                if (len == max) {
                    flushPiece();
                }
                int c = Math.min(stop - i, max - len);
                System.arraycopy(buf, i, line, len, c);
                len += c;
                i += c;
            }
            if (nl >= 0) {
                int n2 = len;
                if (n2 > 0 && line[n2 - 1] == '\r') {
                    n2--;
                }
                deliver(n2);
                len = 0;
                i = nl + 1;
            }
        }
    }

    /** Delivers the last line when the stream ended without a line break after it. */
    public void finish() {
        if (len > 0) {
            deliver(len);
            len = 0;
        }
    }

    private static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The buffer is full without a line break: delivers a piece, keeping a split character or a {@code \r}. */
    private void flushPiece() {
        int cut = len;
        if (line[cut - 1] == '\r') {
            cut--; // may be the first half of \r\n
        }
        cut = characterBoundary(line, cut);
        deliver(cut);
        System.arraycopy(line, cut, line, 0, len - cut);
        len -= cut;
    }

    /** @return {@code cut}, or less so that it does not split a UTF-8 sequence */
    static int characterBoundary(byte[] b, int cut) {
        int j = cut - 1;
        int limit = Math.max(0, cut - 4);
        while (j > limit && (b[j] & 0xC0) == 0x80) {
            j--;
        }
        int lead = b[j] & 0xFF;
        int length;
        if (lead < 0x80) {
            length = 1;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
        } else {
            return cut; // not valid UTF-8 there: cut anywhere
        }
        return j + length > cut && j > 0 ? j : cut;
    }

    private void deliver(int n) {
        out.accept(new String(line, 0, n, StandardCharsets.UTF_8));
    }
}

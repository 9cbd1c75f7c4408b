package org.windlass.api.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private static List<String> split(String text, int max, int chunk) {
        List<String> lines = new ArrayList<>();
        LineSplitter s = new LineSplitter(lines::add, max);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += chunk) {
            s.feed(b, i, Math.min(chunk, b.length - i));
        }
        s.finish();
        return lines;
    }

    @Test
    void splitsOnLineBreaksWhateverTheChunks() {
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            assertEquals(List.of("a", "", "bc", "d"), split("a\r\n\nbc\nd", 64, chunk));
            assertEquals(List.of("a"), split("a\n", 64, chunk));
        }
    }

    @Test
    void longLinesComeInPiecesThatNeverSplitACharacterOrACrLf() {
        String euros = "€".repeat(10); // 3 bytes each
        List<String> pieces = split(euros + "\n", 8, 5);
        assertEquals(euros, String.join("", pieces));
        pieces.forEach(p -> assertTrue(p.getBytes(StandardCharsets.UTF_8).length <= 8, p));
        List<String> crlf = split("1234567\r\nx", 8, 3);
        assertEquals(List.of("1234567", "x"), crlf);
    }
}

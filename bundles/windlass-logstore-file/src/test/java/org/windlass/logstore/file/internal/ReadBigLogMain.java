package org.windlass.logstore.file.internal;

import java.nio.file.Path;

import org.windlass.api.LogEvent;
import org.windlass.api.spi.LogStore;

/**
 * Reads a whole log through {@link FileLogStore} in a JVM started with a small heap by
 * {@link FileLogStoreTest}; prints {@code <events> <message chars> <complete> <last message>}.
 */
public final class ReadBigLogMain {

    private ReadBigLogMain() {
    }

    public static void main(String[] args) throws Exception {
        FileLogStore store = new FileLogStore(Path.of(args[0]));
        long id = Long.parseLong(args[1]);
        long events = 0;
        long chars = 0;
        long offset = 0;
        LogStore.Slice slice;
        do {
            slice = store.read(id, offset, Integer.MAX_VALUE);
            for (LogEvent e : slice.events()) {
                events++;
                chars += e.message().length();
            }
            offset = slice.nextOffset();
        } while (!slice.complete() && !slice.events().isEmpty());
        LogStore.Slice last = store.readLast(id, 1);
        System.out.println(events + " " + chars + " " + slice.complete() + " " + last.events().get(0).message()
                + " " + (last.nextOffset() == store.size(id)));
    }
}

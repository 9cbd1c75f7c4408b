package org.windlass.storage.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.windlass.api.storage.KeyExistsException;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyRecord;
import org.windlass.api.storage.KeyRecordRepository;

/** The repository contract in memory, all-or-nothing like the database's transaction. */
class InMemoryRecords implements KeyRecordRepository {

    final Map<String, KeyRecord> rows = new TreeMap<>();

    @Override
    public synchronized Optional<KeyRecord> find(String path) {
        return Optional.ofNullable(rows.get(path));
    }

    @Override
    public synchronized void insert(KeyRecord record) {
        if (rows.containsKey(record.path())) {
            throw new KeyExistsException(record.path());
        }
        rows.put(record.path(), record);
    }

    @Override
    public synchronized void update(KeyRecord record) {
        if (!rows.containsKey(record.path())) {
            throw new KeyNotFoundException(record.path());
        }
        rows.put(record.path(), record);
    }

    @Override
    public synchronized boolean delete(String path) {
        return rows.remove(path) != null;
    }

    @Override
    public synchronized List<KeyRecord> listBelow(String prefix) {
        List<KeyRecord> out = new ArrayList<>();
        rows.values().stream().filter(r -> r.path().startsWith(prefix + "/"))
                .forEach(r -> out.add(new KeyRecord(r.path(), r.type(), null, r.masterKeyId(), r.size(), r.created(), r.modified())));
        return out;
    }

    @Override
    public synchronized int rewriteAll(UnaryOperator<KeyRecord> rewrite) {
        Map<String, KeyRecord> next = new TreeMap<>();
        for (KeyRecord r : rows.values()) {
            next.put(r.path(), rewrite.apply(r));
        }
        rows.putAll(next);
        return next.size();
    }
}

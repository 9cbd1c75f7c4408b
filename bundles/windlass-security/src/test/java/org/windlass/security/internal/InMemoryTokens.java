package org.windlass.security.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.windlass.api.security.StoredToken;
import org.windlass.api.security.TokenRepository;

/** The token repository contract in memory (the JPA one is tested against real databases). */
class InMemoryTokens implements TokenRepository {

    final Map<String, StoredToken> rows = new LinkedHashMap<>();

    @Override
    public synchronized void insert(StoredToken token) {
        if (rows.values().stream().anyMatch(t -> t.hash().equals(token.hash()))) {
            throw new IllegalStateException("duplicate hash");
        }
        rows.put(token.id(), token);
    }

    @Override
    public synchronized Optional<StoredToken> findByHash(String hash) {
        return rows.values().stream().filter(t -> t.hash().equals(hash)).findFirst();
    }

    @Override
    public synchronized Optional<StoredToken> findById(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized List<StoredToken> list(String user) {
        return new ArrayList<>(rows.values().stream().filter(t -> user == null || t.user().equals(user)).toList());
    }

    @Override
    public synchronized boolean delete(String id) {
        return rows.remove(id) != null;
    }
}

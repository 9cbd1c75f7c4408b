package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.storage.KeyExistsException;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyRecord;
import org.windlass.api.storage.KeyRecordRepository;
import org.windlass.api.storage.KeyType;

/** Key storage rows through JPA. */
@Component(service = KeyRecordRepository.class)
public class JpaKeyRecordRepository implements KeyRecordRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaKeyRecordRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                                  @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public Optional<KeyRecord> find(String path) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(KeyEntity.class, path)).map(e -> e.toRecord(true)));
    }

    @Override
    public void insert(KeyRecord record) {
        Txn.run(emf, em -> {
            if (em.find(KeyEntity.class, record.path()) != null) {
                throw new KeyExistsException(record.path());
            }
            em.persist(new KeyEntity(record));
            return null;
        });
    }

    @Override
    public void update(KeyRecord record) {
        Txn.run(emf, em -> {
            KeyEntity e = em.find(KeyEntity.class, record.path(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                throw new KeyNotFoundException(record.path());
            }
            e.set(record);
            return null;
        });
    }

    @Override
    public boolean delete(String path) {
        return Txn.run(emf, em -> {
            KeyEntity e = em.find(KeyEntity.class, path, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    @Override
    public List<KeyRecord> listBelow(String prefix) {
        String like = escapeLike(prefix) + "/%";
        // metadata only: the ciphertext column is not read for a listing
        return Txn.run(emf, em -> em.createQuery("SELECT k.path, k.keyType, k.masterKeyId, k.size, k.createdAt, k.updatedAt "
                        + "FROM KeyEntity k WHERE k.path LIKE :p ESCAPE '!' ORDER BY k.path", Object[].class)
                .setParameter("p", like).getResultList().stream()
                .map(r -> new KeyRecord((String) r[0], KeyType.fromRundeckName((String) r[1]), null, (String) r[2],
                        ((Number) r[3]).longValue(), Instant.ofEpochMilli(((Number) r[4]).longValue()),
                        Instant.ofEpochMilli(((Number) r[5]).longValue())))
                .toList());
    }

    @Override
    public int rewriteAll(UnaryOperator<KeyRecord> rewrite) {
        return Txn.run(emf, em -> {
            List<KeyEntity> all = em.createQuery("SELECT k FROM KeyEntity k ORDER BY k.path", KeyEntity.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            for (KeyEntity e : all) {
                e.set(rewrite.apply(e.toRecord(true)));
            }
            return all.size();
        });
    }

    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}

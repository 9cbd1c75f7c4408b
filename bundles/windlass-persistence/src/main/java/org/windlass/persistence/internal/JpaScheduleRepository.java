package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.job.ScheduleRepository;

/** Schedule rows in the cluster database; a claim is one conditional UPDATE. */
@Component(service = ScheduleRepository.class)
public class JpaScheduleRepository implements ScheduleRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaScheduleRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                                 @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public Row own(String jobUuid, String owner, String runAs, Instant from) {
        return Txn.run(emf, em -> {
            long now = System.currentTimeMillis();
            ScheduleEntity e = em.find(ScheduleEntity.class, jobUuid, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                e = new ScheduleEntity(jobUuid);
                e.set(owner, runAs, from.toEpochMilli(), now);
                em.persist(e);
            } else {
                e.set(owner, runAs, from.toEpochMilli(), now);
            }
            em.flush();
            return e.toRow();
        });
    }

    @Override
    public void remove(String jobUuid) {
        Txn.run(emf, em -> em.createQuery("DELETE FROM ScheduleEntity s WHERE s.jobUuid = :j")
                .setParameter("j", jobUuid).executeUpdate());
    }

    @Override
    public Optional<Row> find(String jobUuid) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(ScheduleEntity.class, jobUuid)).map(ScheduleEntity::toRow));
    }

    @Override
    public List<Row> owned(String owner) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT s FROM ScheduleEntity s WHERE s.ownerUuid = :o ORDER BY s.jobUuid", ScheduleEntity.class)
                .setParameter("o", owner).getResultList().stream().map(ScheduleEntity::toRow).toList());
    }

    @Override
    public Fingerprint fingerprint(String owner) {
        return Txn.run(emf, em -> {
            Object[] r = em.createQuery("SELECT COUNT(s), MAX(s.updatedAt) FROM ScheduleEntity s WHERE s.ownerUuid = :o", Object[].class)
                    .setParameter("o", owner).getSingleResult();
            long count = ((Number) r[0]).longValue();
            return new Fingerprint(count, r[1] == null ? null : Instant.ofEpochMilli(((Number) r[1]).longValue()));
        });
    }

    @Override
    public List<Row> all() {
        return Txn.run(emf, em -> em.createQuery("SELECT s FROM ScheduleEntity s ORDER BY s.jobUuid", ScheduleEntity.class)
                .getResultList().stream().map(ScheduleEntity::toRow).toList());
    }

    @Override
    public boolean claim(String jobUuid, String owner, Instant previous, Instant tick) {
        return Txn.run(emf, em -> em.createQuery("UPDATE ScheduleEntity s SET s.lastTick = :t "
                        + "WHERE s.jobUuid = :j AND s.ownerUuid = :o AND s.lastTick = :p")
                .setParameter("t", tick.toEpochMilli()).setParameter("j", jobUuid).setParameter("o", owner)
                .setParameter("p", previous.toEpochMilli()).executeUpdate() == 1);
    }
}

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

    @Override
    public List<Move> takeOver(java.util.Set<String> fromOwners, String project, java.util.Set<String> jobIds, List<String> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("a takeover needs at least one member to move the schedules to");
        }
        return Txn.run(emf, em -> {
            StringBuilder q = new StringBuilder("SELECT s FROM ScheduleEntity s WHERE ");
            if (fromOwners == null || fromOwners.isEmpty()) {
                q.append("s.ownerUuid NOT IN :targets");
            } else {
                q.append("s.ownerUuid IN :from");
            }
            if (project != null) {
                q.append(" AND s.jobUuid IN (SELECT j.uuid FROM JobEntity j WHERE j.project = :p)");
            }
            if (jobIds != null && !jobIds.isEmpty()) {
                q.append(" AND s.jobUuid IN :jobs");
            }
            // one order for every member: concurrent takeovers lock rows in the same order, so they cannot deadlock
            q.append(" ORDER BY s.jobUuid");
            javax.persistence.TypedQuery<ScheduleEntity> query = em.createQuery(q.toString(), ScheduleEntity.class);
            if (fromOwners == null || fromOwners.isEmpty()) {
                query.setParameter("targets", targets);
            } else {
                query.setParameter("from", fromOwners);
            }
            if (project != null) {
                query.setParameter("p", project);
            }
            if (jobIds != null && !jobIds.isEmpty()) {
                query.setParameter("jobs", jobIds);
            }
            List<ScheduleEntity> rows = query.setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            long now = System.currentTimeMillis();
            List<Move> moved = new java.util.ArrayList<>();
            int next = 0;
            for (ScheduleEntity row : rows) {
                String to = targets.get(next++ % targets.size());
                Row before = row.toRow();
                row.moveTo(to, now);
                moved.add(new Move(before.jobUuid(), before.owner(), to));
            }
            return moved;
        });
    }
}

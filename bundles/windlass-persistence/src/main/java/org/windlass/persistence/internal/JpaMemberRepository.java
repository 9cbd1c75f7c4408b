package org.windlass.persistence.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.ExecutionMode;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.cluster.MemberRepository;

/**
 * The members table. Every time written or compared is read from the database's clock in the same
 * transaction, so the members' own clocks never matter.
 */
@Component(service = MemberRepository.class)
public class JpaMemberRepository implements MemberRepository {

    /** The database's time in epoch milliseconds, per database. */
    static final Map<String, String> NOW = Map.of(
            "mariadb", "SELECT CAST(ROUND(UNIX_TIMESTAMP(NOW(3)) * 1000) AS SIGNED)",
            "postgresql", "SELECT CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)",
            "h2", "SELECT DATEDIFF('MILLISECOND', TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP(3))");

    private final EntityManagerFactory emf;
    private final String nowSql;

    @Activate
    public JpaMemberRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                               @Reference SchemaReady schema) {
        this.emf = emf;
        this.nowSql = schema.vendor() == null ? null : NOW.get(schema.vendor());
        if (nowSql == null) {
            throw new IllegalStateException("cannot read the clock of database '" + schema.vendor() + "': not H2, MariaDB, MySQL or PostgreSQL");
        }
    }

    /** The database's clock, read inside the caller's transaction. */
    private long now(EntityManager em) {
        return ((Number) em.createNativeQuery(nowSql).getSingleResult()).longValue();
    }

    @Override
    public Row register(Registration r) {
        return Txn.run(emf, em -> {
            long now = now(em);
            MemberEntity m = em.find(MemberEntity.class, r.uuid(), LockModeType.PESSIMISTIC_WRITE);
            if (m == null) {
                m = new MemberEntity(r.uuid(), r.initialMode() == null ? ExecutionMode.ACTIVE : r.initialMode());
                m.register(r, now);
                em.persist(m);
            } else {
                m.register(r, now);
            }
            em.flush();
            return m.toRow();
        });
    }

    @Override
    public Optional<Row> heartbeat(String uuid, long incarnation, MemberLoad load) {
        return Txn.run(emf, em -> {
            long now = now(em);
            int n = em.createQuery("UPDATE MemberEntity m SET m.lastHeartbeat = :now, m.running = :r, m.capacity = :c,"
                            + " m.cpu = :cpu, m.heapUsed = :hu, m.heapMax = :hm"
                            + " WHERE m.uuid = :u AND m.incarnation = :i AND m.deadAt IS NULL")
                    .setParameter("now", now).setParameter("r", load.running()).setParameter("c", load.capacity())
                    .setParameter("cpu", load.cpu()).setParameter("hu", load.heapUsed()).setParameter("hm", load.heapMax())
                    .setParameter("u", uuid).setParameter("i", incarnation).executeUpdate();
            if (n == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(em.find(MemberEntity.class, uuid)).map(MemberEntity::toRow);
        });
    }

    @Override
    public Snapshot members() {
        return Txn.run(emf, em -> {
            long now = now(em);
            List<Row> rows = em.createQuery("SELECT m FROM MemberEntity m ORDER BY m.name, m.uuid", MemberEntity.class)
                    .getResultList().stream().map(MemberEntity::toRow).toList();
            return new Snapshot(Instant.ofEpochMilli(now), rows);
        });
    }

    @Override
    public boolean declareDead(String uuid, Instant lastHeartbeatSeen, String reason) {
        return Txn.run(emf, em -> {
            long now = now(em);
            return em.createQuery("UPDATE MemberEntity m SET m.deadAt = :now, m.deadReason = :why"
                            + " WHERE m.uuid = :u AND m.lastHeartbeat = :hb AND m.deadAt IS NULL")
                    .setParameter("now", now).setParameter("why", ExecutionEntity.clip(reason, 1024))
                    .setParameter("u", uuid).setParameter("hb", lastHeartbeatSeen.toEpochMilli()).executeUpdate() == 1;
        });
    }

    @Override
    public boolean setMode(String uuid, ExecutionMode mode) {
        return Txn.run(emf, em -> {
            MemberEntity m = em.find(MemberEntity.class, uuid, LockModeType.PESSIMISTIC_WRITE);
            if (m == null) {
                return false;
            }
            m.setMode(mode);
            return true;
        });
    }

    @Override
    public boolean remove(String uuid) {
        return Txn.run(emf, em -> em.createQuery("DELETE FROM MemberEntity m WHERE m.uuid = :u AND m.deadAt IS NOT NULL")
                .setParameter("u", uuid).executeUpdate() == 1);
    }
}

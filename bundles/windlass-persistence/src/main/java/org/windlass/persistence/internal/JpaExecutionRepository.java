package org.windlass.persistence.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.execution.ExecutionConflictException;
import org.windlass.api.execution.ExecutionQuery;
import org.windlass.api.execution.ExecutionRepository;
import org.windlass.api.execution.NewExecution;

/** Execution rows in the cluster database. */
@Component(service = ExecutionRepository.class)
public class JpaExecutionRepository implements ExecutionRepository {

    private static final List<String> ACTIVE = List.of(ExecutionState.RUNNING.apiName(), ExecutionState.QUEUED.apiName());

    private final EntityManagerFactory emf;

    @Activate
    public JpaExecutionRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                                  @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public Execution create(NewExecution n) {
        return Txn.run(emf, em -> {
            if (n.maxRunning() != null && n.jobId() != null) {
                // the job's row is the lock: members starting the same job take turns here
                em.find(JobEntity.class, n.jobId(), LockModeType.PESSIMISTIC_WRITE);
                long running = em.createQuery(
                                "SELECT COUNT(e) FROM ExecutionEntity e WHERE e.jobUuid = :j AND e.status IN :s", Long.class)
                        .setParameter("j", n.jobId()).setParameter("s", ACTIVE).getSingleResult();
                if (running >= n.maxRunning()) {
                    throw new ExecutionConflictException("job '" + fullName(n) + "' is already running"
                            + (n.maxRunning() == 1 ? " and does not allow multiple executions"
                            : " " + running + " times, its limit"));
                }
            }
            ExecutionEntity e = new ExecutionEntity(n, System.currentTimeMillis());
            em.persist(e);
            em.flush();
            return e.toExecution();
        });
    }

    private static String fullName(NewExecution n) {
        return n.jobGroup() == null ? n.jobName() : n.jobGroup() + "/" + n.jobName();
    }

    @Override
    public Optional<Execution> find(long id) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(ExecutionEntity.class, id)).map(ExecutionEntity::toExecution));
    }

    @Override
    public Optional<Execution> start(long id, String serverUuid) {
        return Txn.run(emf, em -> {
            ExecutionEntity e = em.find(ExecutionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || ExecutionState.fromApiName(e.status()).isTerminal()
                    || ExecutionState.RUNNING.apiName().equals(e.status())) {
                return Optional.empty();
            }
            e.start(serverUuid, System.currentTimeMillis());
            return Optional.of(e.toExecution());
        });
    }

    @Override
    public Execution finish(long id, ExecutionState state, List<String> succeededNodes, List<String> failedNodes,
                            String reason, String abortedBy, String workflowState) {
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("an execution cannot finish as " + state.apiName());
        }
        return Txn.run(emf, em -> {
            ExecutionEntity e = em.find(ExecutionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                throw new org.windlass.api.execution.ExecutionNotFoundException(id);
            }
            if (!ExecutionState.fromApiName(e.status()).isTerminal()) {
                e.finish(state, succeededNodes, failedNodes, reason, abortedBy, System.currentTimeMillis());
                if (workflowState != null) {
                    e.setWorkflowState(workflowState);
                }
            }
            return e.toExecution();
        });
    }

    @Override
    public void saveWorkflowState(long id, String document) {
        Txn.run(emf, em -> {
            ExecutionEntity e = em.find(ExecutionEntity.class, id);
            if (e != null) {
                e.setWorkflowState(document);
            }
            return null;
        });
    }

    @Override
    public Optional<String> workflowState(long id) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(ExecutionEntity.class, id)).map(ExecutionEntity::workflowState));
    }

    @Override
    public ExecutionQuery.Page query(ExecutionQuery q) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q.project() != null) {
            where.append(" AND e.project = :project");
            params.put("project", q.project());
        }
        if (!q.jobIds().isEmpty()) {
            where.append(" AND e.jobUuid IN :jobs");
            params.put("jobs", q.jobIds());
        }
        if (!q.states().isEmpty()) {
            where.append(" AND e.status IN :states");
            params.put("states", q.states().stream().map(ExecutionState::apiName).toList());
        }
        if (q.adhoc() != null) {
            where.append(q.adhoc() ? " AND e.jobUuid IS NULL" : " AND e.jobUuid IS NOT NULL");
        }
        if (q.user() != null) {
            where.append(" AND e.userName = :user");
            params.put("user", q.user());
        }
        if (q.begin() != null) {
            where.append(" AND e.dateStarted >= :begin");
            params.put("begin", q.begin().toEpochMilli());
        }
        if (q.end() != null) {
            where.append(" AND e.dateStarted <= :end");
            params.put("end", q.end().toEpochMilli());
        }
        return Txn.run(emf, em -> {
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(e) FROM ExecutionEntity e" + where, Long.class);
            TypedQuery<ExecutionEntity> page = em.createQuery(
                    "SELECT e FROM ExecutionEntity e" + where + " ORDER BY e.id DESC", ExecutionEntity.class);
            params.forEach((k, v) -> {
                count.setParameter(k, v);
                page.setParameter(k, v);
            });
            page.setFirstResult(q.offset());
            if (q.max() > 0) {
                page.setMaxResults(q.max());
            }
            List<Execution> list = page.getResultList().stream().map(ExecutionEntity::toExecution).toList();
            return new ExecutionQuery.Page(list, count.getSingleResult(), q.offset(), q.max());
        });
    }

    @Override
    public boolean delete(long id) {
        return Txn.run(emf, em -> {
            ExecutionEntity e = em.find(ExecutionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }

    @Override
    public List<Long> markIncomplete(String serverUuid, String reason) {
        return Txn.run(emf, em -> {
            List<ExecutionEntity> active = em.createQuery(
                            "SELECT e FROM ExecutionEntity e WHERE e.serverUuid = :s AND e.status IN :a", ExecutionEntity.class)
                    .setParameter("s", serverUuid).setParameter("a", ACTIVE)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            List<Long> ids = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (ExecutionEntity e : active) {
                e.finish(ExecutionState.INCOMPLETE, List.of(), List.of(), reason, null, now);
                ids.add(e.id());
            }
            return ids;
        });
    }

    @Override
    public List<Execution> scheduled(String serverUuid) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT e FROM ExecutionEntity e WHERE e.serverUuid = :s AND e.status = :st ORDER BY e.dateStarted, e.id",
                        ExecutionEntity.class)
                .setParameter("s", serverUuid).setParameter("st", ExecutionState.SCHEDULED.apiName())
                .getResultList().stream().map(ExecutionEntity::toExecution).toList());
    }

    @Override
    public boolean requestAbort(long id, String user) {
        return Txn.run(emf, em -> {
            ExecutionEntity e = em.find(ExecutionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || !ACTIVE.contains(e.status())) {
                return false;
            }
            e.requestAbort(user);
            return true;
        });
    }

    @Override
    public List<AbortRequest> abortRequests(String serverUuid) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT e.id, e.abortRequestedBy FROM ExecutionEntity e WHERE e.serverUuid = :s AND e.status IN :a"
                                + " AND e.abortRequestedBy IS NOT NULL", Object[].class)
                .setParameter("s", serverUuid).setParameter("a", ACTIVE).getResultList().stream()
                .map(r -> new AbortRequest(((Number) r[0]).longValue(), (String) r[1])).toList());
    }

    @Override
    public List<Execution> forwarded(String serverUuid) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT e FROM ExecutionEntity e WHERE e.serverUuid = :s AND e.status = :q AND e.forwardedBy IS NOT NULL"
                                + " AND e.abortRequestedBy IS NULL"
                                + " ORDER BY e.id", ExecutionEntity.class)
                .setParameter("s", serverUuid).setParameter("q", ExecutionState.QUEUED.apiName())
                .getResultList().stream().map(ExecutionEntity::toExecution).toList());
    }
}

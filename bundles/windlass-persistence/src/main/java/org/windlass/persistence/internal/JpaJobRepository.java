package org.windlass.persistence.internal;

import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.job.JobRepository;
import org.windlass.api.job.StoredJob;

/** Job rows in the cluster database. */
@Component(service = JobRepository.class)
public class JpaJobRepository implements JobRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaJobRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                            @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public Optional<StoredJob> find(String uuid) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(JobEntity.class, uuid)).map(JobEntity::toStored));
    }

    @Override
    public Optional<StoredJob> findByName(String project, String group, String name) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT j FROM JobEntity j WHERE j.project = :p AND j.groupPath = :g AND j.jobName = :n", JobEntity.class)
                .setParameter("p", project).setParameter("g", JobEntity.groupColumn(group)).setParameter("n", name)
                .getResultList().stream().findFirst().map(JobEntity::toStored));
    }

    @Override
    public List<StoredJob> list(String project) {
        return Txn.run(emf, em -> em.createQuery(
                        "SELECT j FROM JobEntity j WHERE j.project = :p ORDER BY j.groupPath, j.jobName", JobEntity.class)
                .setParameter("p", project).getResultList().stream().map(JobEntity::toStored).toList());
    }

    @Override
    public StoredJob save(StoredJob job) {
        return Txn.run(emf, em -> {
            long now = System.currentTimeMillis();
            JobEntity e = em.find(JobEntity.class, job.uuid(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                e = new JobEntity(job, now);
                em.persist(e);
            } else {
                e.set(job, now);
            }
            em.flush();
            return e.toStored();
        });
    }

    @Override
    public boolean delete(String uuid) {
        return Txn.run(emf, em -> {
            JobEntity e = em.find(JobEntity.class, uuid, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }
}

package org.windlass.persistence.internal;

import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.security.AclRepository;

/** Access control policies; every change moves the version row on in the same transaction. */
@Component(service = AclRepository.class)
public class JpaAclRepository implements AclRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaAclRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf, @Reference SchemaReady schema) {
        this.emf = emf;
    }

    private static String scope(String project) {
        return project == null ? "" : project;
    }

    @Override
    public List<StoredAcl> list(String project) {
        return Txn.run(emf, em -> em.createQuery("SELECT a FROM AclEntity a WHERE a.scope = :s ORDER BY a.name", AclEntity.class)
                .setParameter("s", scope(project)).getResultList().stream().map(AclEntity::toStored).toList());
    }

    @Override
    public List<StoredAcl> all() {
        return Txn.run(emf, em -> em.createQuery("SELECT a FROM AclEntity a ORDER BY a.scope, a.name", AclEntity.class)
                .getResultList().stream().map(AclEntity::toStored).toList());
    }

    @Override
    public Optional<StoredAcl> get(String project, String name) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(AclEntity.class, new AclEntity.Key(scope(project), name)))
                .map(AclEntity::toStored));
    }

    private static AclVersionEntity lockVersion(EntityManager em) {
        return em.find(AclVersionEntity.class, 1, LockModeType.PESSIMISTIC_WRITE);
    }

    @Override
    public StoredAcl put(String project, String name, String content) {
        return Txn.run(emf, em -> {
            AclVersionEntity v = lockVersion(em);
            AclEntity a = em.find(AclEntity.class, new AclEntity.Key(scope(project), name));
            long now = System.currentTimeMillis();
            if (a == null) {
                a = new AclEntity(scope(project), name);
                a.set(content, now);
                em.persist(a);
            } else {
                a.set(content, now);
            }
            v.bump();
            em.flush();
            return a.toStored();
        });
    }

    @Override
    public boolean delete(String project, String name) {
        return Txn.run(emf, em -> {
            AclVersionEntity v = lockVersion(em);
            AclEntity a = em.find(AclEntity.class, new AclEntity.Key(scope(project), name));
            if (a == null) {
                return false;
            }
            em.remove(a);
            v.bump();
            return true;
        });
    }

    @Override
    public long version() {
        return Txn.run(emf, em -> em.createQuery("SELECT v.version FROM AclVersionEntity v WHERE v.id = 1", Long.class).getSingleResult());
    }

    @Override
    public boolean seed(List<StoredAcl> defaults) {
        return Txn.run(emf, em -> {
            AclVersionEntity v = lockVersion(em);
            if (v.seeded()) {
                return false;
            }
            long now = System.currentTimeMillis();
            for (StoredAcl d : defaults) {
                if (em.find(AclEntity.class, new AclEntity.Key(scope(d.project()), d.name())) == null) {
                    AclEntity a = new AclEntity(scope(d.project()), d.name());
                    a.set(d.content(), now);
                    em.persist(a);
                }
            }
            v.markSeeded();
            v.bump();
            return true;
        });
    }
}

package org.windlass.persistence.internal;

import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.security.StoredToken;
import org.windlass.api.security.TokenRepository;

/** API tokens in the cluster database. */
@Component(service = TokenRepository.class)
public class JpaTokenRepository implements TokenRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaTokenRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                              @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public void insert(StoredToken token) {
        Txn.run(emf, em -> {
            em.persist(new ApiTokenEntity(token));
            return null;
        });
    }

    @Override
    public Optional<StoredToken> findByHash(String hash) {
        return Txn.run(emf, em -> em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.tokenHash = :h", ApiTokenEntity.class)
                .setParameter("h", hash).getResultList().stream().findFirst().map(ApiTokenEntity::toStored));
    }

    @Override
    public Optional<StoredToken> findById(String id) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(ApiTokenEntity.class, id)).map(ApiTokenEntity::toStored));
    }

    @Override
    public List<StoredToken> list(String user) {
        return Txn.run(emf, em -> (user == null
                ? em.createQuery("SELECT t FROM ApiTokenEntity t ORDER BY t.createdAt, t.id", ApiTokenEntity.class)
                : em.createQuery("SELECT t FROM ApiTokenEntity t WHERE t.userName = :u ORDER BY t.createdAt, t.id", ApiTokenEntity.class)
                        .setParameter("u", user))
                .getResultList().stream().map(ApiTokenEntity::toStored).toList());
    }

    @Override
    public boolean delete(String id) {
        return Txn.run(emf, em -> {
            ApiTokenEntity e = em.find(ApiTokenEntity.class, id);
            if (e == null) {
                return false;
            }
            em.remove(e);
            return true;
        });
    }
}

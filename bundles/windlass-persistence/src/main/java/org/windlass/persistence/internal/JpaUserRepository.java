package org.windlass.persistence.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.security.UserRepository;

/** Users, groups and memberships of the realm's database login module. */
@Component(service = UserRepository.class)
public class JpaUserRepository implements UserRepository {

    private final EntityManagerFactory emf;

    @Activate
    public JpaUserRepository(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf, @Reference SchemaReady schema) {
        this.emf = emf;
    }

    private static Set<String> groupsOf(EntityManager em, String user) {
        return new LinkedHashSet<>(em.createQuery(
                        "SELECT m.groupName FROM UserGroupEntity m WHERE m.username = :u ORDER BY m.groupName", String.class)
                .setParameter("u", user).getResultList());
    }

    @Override
    public List<StoredUser> list() {
        return Txn.run(emf, em -> {
            Map<String, Set<String>> groups = new HashMap<>();
            for (Object[] r : em.createQuery("SELECT m.username, m.groupName FROM UserGroupEntity m ORDER BY m.groupName", Object[].class)
                    .getResultList()) {
                groups.computeIfAbsent((String) r[0], k -> new LinkedHashSet<>()).add((String) r[1]);
            }
            return em.createQuery("SELECT u FROM UserEntity u ORDER BY u.name", UserEntity.class).getResultList().stream()
                    .map(u -> u.toStored(groups.getOrDefault(u.name(), Set.of()))).toList();
        });
    }

    @Override
    public Optional<StoredUser> find(String name) {
        return Txn.run(emf, em -> Optional.ofNullable(em.find(UserEntity.class, name)).map(u -> u.toStored(groupsOf(em, name))));
    }

    private static void setGroups(EntityManager em, String user, Set<String> groups, long now) {
        em.createQuery("DELETE FROM UserGroupEntity m WHERE m.username = :u").setParameter("u", user).executeUpdate();
        for (String g : groups) {
            if (em.find(GroupEntity.class, g) == null) {
                em.persist(new GroupEntity(g, null, now));
                em.flush();
            }
            em.persist(new UserGroupEntity(user, g));
        }
    }

    @Override
    public boolean create(StoredUser user) {
        return Txn.run(emf, em -> {
            if (em.find(UserEntity.class, user.name(), LockModeType.PESSIMISTIC_WRITE) != null) {
                return false;
            }
            long now = System.currentTimeMillis();
            UserEntity e = new UserEntity(user.name(), now);
            e.set(user, now);
            em.persist(e);
            em.flush();
            setGroups(em, user.name(), user.groups(), now);
            return true;
        });
    }

    @Override
    public boolean update(StoredUser user) {
        return Txn.run(emf, em -> {
            UserEntity e = em.find(UserEntity.class, user.name(), LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return false;
            }
            long now = System.currentTimeMillis();
            e.set(user, now);
            setGroups(em, user.name(), user.groups(), now);
            return true;
        });
    }

    @Override
    public boolean delete(String name) {
        return Txn.run(emf, em -> {
            em.createQuery("DELETE FROM UserGroupEntity m WHERE m.username = :u").setParameter("u", name).executeUpdate();
            return em.createQuery("DELETE FROM UserEntity u WHERE u.name = :u").setParameter("u", name).executeUpdate() == 1;
        });
    }

    @Override
    public List<StoredGroup> groups() {
        return Txn.run(emf, em -> {
            Map<String, Integer> counts = new HashMap<>();
            for (Object[] r : em.createQuery("SELECT m.groupName, COUNT(m) FROM UserGroupEntity m GROUP BY m.groupName", Object[].class)
                    .getResultList()) {
                counts.put((String) r[0], ((Number) r[1]).intValue());
            }
            return em.createQuery("SELECT g FROM GroupEntity g ORDER BY g.name", GroupEntity.class).getResultList().stream()
                    .map(g -> new StoredGroup(g.name(), g.description(), counts.getOrDefault(g.name(), 0))).toList();
        });
    }

    @Override
    public boolean createGroup(String name, String description) {
        return Txn.run(emf, em -> {
            if (em.find(GroupEntity.class, name) != null) {
                return false;
            }
            em.persist(new GroupEntity(name, description, System.currentTimeMillis()));
            return true;
        });
    }

    @Override
    public boolean deleteGroup(String name) {
        return Txn.run(emf, em -> {
            em.createQuery("DELETE FROM UserGroupEntity m WHERE m.groupName = :g").setParameter("g", name).executeUpdate();
            return em.createQuery("DELETE FROM GroupEntity g WHERE g.name = :g").setParameter("g", name).executeUpdate() == 1;
        });
    }
}

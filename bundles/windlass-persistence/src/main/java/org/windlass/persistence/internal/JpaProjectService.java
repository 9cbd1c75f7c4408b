package org.windlass.persistence.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectExistsException;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;

/** Projects in the cluster database, through JPA. */
@Component(service = ProjectService.class)
public class JpaProjectService implements ProjectService {

    static final int MAX_KEY = 255;
    static final int MAX_VALUE = 64 * 1024;
    static final int MAX_FILE = 1024 * 1024;

    private final EntityManagerFactory emf;

    @Activate
    public JpaProjectService(@Reference(target = "(osgi.unit.name=windlass)") EntityManagerFactory emf,
                             @Reference SchemaReady schema) {
        this.emf = emf;
    }

    @Override
    public List<Project> list() {
        return Txn.run(emf, em -> em.createQuery("SELECT p FROM ProjectEntity p ORDER BY p.name", ProjectEntity.class)
                .getResultList().stream().map(JpaProjectService::toProject).toList());
    }

    @Override
    public Optional<Project> get(String name) {
        if (name == null || !Project.NAME_PATTERN.matcher(name).matches()) {
            return Optional.empty();
        }
        return Txn.run(emf, em -> Optional.ofNullable(em.find(ProjectEntity.class, name)).map(JpaProjectService::toProject));
    }

    @Override
    public Project create(String name, Map<String, String> properties) {
        validateName(name);
        Map<String, String> props = validated(properties);
        return Txn.run(emf, em -> {
            if (em.find(ProjectEntity.class, name) != null) {
                throw new ProjectExistsException(name);
            }
            ProjectEntity entity = new ProjectEntity(name, PropertiesText.format(props), System.currentTimeMillis());
            em.persist(entity);
            em.flush();
            return toProject(entity);
        });
    }

    @Override
    public void delete(String name) {
        Txn.run(emf, em -> {
            ProjectEntity entity = require(em, name, LockModeType.PESSIMISTIC_WRITE);
            em.createQuery("DELETE FROM ProjectFileEntity f WHERE f.projectName = :p").setParameter("p", name).executeUpdate();
            // its jobs go with it; its executions stay in the history (DELETE /execution/{id} removes them)
            em.createQuery("DELETE FROM JobEntity j WHERE j.project = :p").setParameter("p", name).executeUpdate();
            // and its own access control policies: a project created later with the same name starts without them
            AclVersionEntity acl = em.find(AclVersionEntity.class, 1, LockModeType.PESSIMISTIC_WRITE);
            if (em.createQuery("DELETE FROM AclEntity a WHERE a.scope = :p").setParameter("p", name).executeUpdate() > 0 && acl != null) {
                acl.bump();
            }
            em.remove(entity);
            return null;
        });
    }

    @Override
    public Project replaceProperties(String name, Map<String, String> properties) {
        Map<String, String> props = validated(properties);
        return update(name, current -> props);
    }

    @Override
    public Project setProperty(String name, String key, String value) {
        Map<String, String> change = validated(Map.of(key == null ? "" : key, value == null ? "" : value));
        return update(name, current -> {
            Map<String, String> next = new TreeMap<>(current);
            next.putAll(change);
            return next;
        });
    }

    @Override
    public Project removeProperty(String name, String key) {
        return update(name, current -> {
            Map<String, String> next = new TreeMap<>(current);
            next.remove(key);
            return next;
        });
    }

    @Override
    public Optional<String> readFile(String project, String fileName) {
        validateFileName(fileName);
        return Txn.run(emf, em -> {
            require(em, project);
            return Optional.ofNullable(em.find(ProjectFileEntity.class, new ProjectFileEntity.Key(project, fileName)))
                    .map(ProjectFileEntity::getContent);
        });
    }

    @Override
    public void writeFile(String project, String fileName, String content) {
        validateFileName(fileName);
        if (content == null) {
            throw new IllegalArgumentException("file content must not be null");
        }
        if (content.length() > MAX_FILE) {
            throw new IllegalArgumentException("project file " + fileName + " is " + content.length() + " characters; the limit is " + MAX_FILE);
        }
        Txn.run(emf, em -> {
            require(em, project, LockModeType.PESSIMISTIC_WRITE);
            long now = System.currentTimeMillis();
            ProjectFileEntity file = em.find(ProjectFileEntity.class, new ProjectFileEntity.Key(project, fileName));
            if (file == null) {
                em.persist(new ProjectFileEntity(project, fileName, content, now));
            } else {
                file.setContent(content, now);
            }
            return null;
        });
    }

    @Override
    public boolean deleteFile(String project, String fileName) {
        validateFileName(fileName);
        return Txn.run(emf, em -> {
            require(em, project);
            ProjectFileEntity file = em.find(ProjectFileEntity.class, new ProjectFileEntity.Key(project, fileName));
            if (file == null) {
                return false;
            }
            em.remove(file);
            return true;
        });
    }

    private Project update(String name, java.util.function.UnaryOperator<Map<String, String>> change) {
        return Txn.run(emf, em -> {
            // SELECT ... FOR UPDATE: writers of one project, on any member, take turns
            ProjectEntity entity = require(em, name, LockModeType.PESSIMISTIC_WRITE);
            Map<String, String> next = change.apply(PropertiesText.parse(entity.getProperties()));
            entity.setProperties(PropertiesText.format(next), System.currentTimeMillis());
            em.flush();
            return toProject(entity);
        });
    }

    private static ProjectEntity require(EntityManager em, String name) {
        return require(em, name, LockModeType.NONE);
    }

    private static ProjectEntity require(EntityManager em, String name, LockModeType lock) {
        if (name == null || !Project.NAME_PATTERN.matcher(name).matches()) {
            throw new ProjectNotFoundException(String.valueOf(name));
        }
        ProjectEntity entity = em.find(ProjectEntity.class, name, lock);
        if (entity == null) {
            throw new ProjectNotFoundException(name);
        }
        return entity;
    }

    static void validateName(String name) {
        if (name == null || !Project.NAME_PATTERN.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid project name '" + name + "': it must match " + Project.NAME_PATTERN.pattern());
        }
        if (name.length() > MAX_KEY) {
            throw new IllegalArgumentException("project name is " + name.length() + " characters; the limit is " + MAX_KEY);
        }
    }

    private static void validateFileName(String fileName) {
        if (!FILE_NAMES.contains(fileName)) {
            throw new IllegalArgumentException("unknown project file '" + fileName + "': use one of " + FILE_NAMES);
        }
    }

    static Map<String, String> validated(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        if (properties == null) {
            return out;
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (key == null || key.isBlank() || key.length() > MAX_KEY || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=' || c == ':')) {
                throw new IllegalArgumentException("invalid property key '" + key + "': non-empty, at most " + MAX_KEY
                        + " characters, without spaces, '=' or ':'");
            }
            String value = e.getValue() == null ? "" : e.getValue();
            if (value.length() > MAX_VALUE) {
                throw new IllegalArgumentException("value of property " + key + " is " + value.length() + " characters; the limit is " + MAX_VALUE);
            }
            out.put(key, value);
        }
        return out;
    }

    static Project toProject(ProjectEntity e) {
        Map<String, String> props = PropertiesText.parse(e.getProperties());
        return new Project(e.getName(), props.get("project.label"), props.get("project.description"), props);
    }
}

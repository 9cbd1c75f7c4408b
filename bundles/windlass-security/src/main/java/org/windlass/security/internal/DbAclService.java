package org.windlass.security.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.api.security.AclRepository;
import org.windlass.api.security.AclService;
import org.windlass.api.security.AuthenticatedUser;
import org.windlass.security.internal.acl.AclEvaluator;
import org.windlass.security.internal.acl.AclFormatException;
import org.windlass.security.internal.acl.AclPolicy;
import org.windlass.security.internal.acl.AclPolicyParser;
import org.windlass.security.internal.acl.Environment;
import org.windlass.security.internal.acl.Subject;

/**
 * Rundeck's aclpolicy authorization over the policies in the cluster database. The parsed policies
 * are kept in memory and read again when the database's policy version has moved, checked at most
 * once a second, so a change made through any member applies on every member within a second or
 * two. On the first use in a new database, the shipped {@code admin.aclpolicy} (everything for the
 * group {@code admin}) is stored as a system policy, once for the cluster.
 */
@Component(service = AclService.class)
public class DbAclService implements AclService {

    private static final Logger LOG = LoggerFactory.getLogger(DbAclService.class);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\\.aclpolicy");
    private static final long CHECK_NANOS = 1_000_000_000L;

    private final AclRepository repository;
    private final ProjectService projects;
    private final AclEvaluator evaluator = new AclEvaluator();

    /** The parsed policies at one version. */
    private record Loaded(long version, List<AclPolicy> system, Map<String, List<AclPolicy>> byProject) {
    }

    private volatile Loaded loaded;
    private volatile long checkedAt;
    private volatile boolean seeded;

    @Activate
    public DbAclService(@Reference AclRepository repository, @Reference ProjectService projects) {
        this.repository = repository;
        this.projects = projects;
    }

    /** The shipped default policies. */
    static List<AclRepository.StoredAcl> defaults() {
        try (InputStream in = DbAclService.class.getResourceAsStream("/acl/admin.aclpolicy")) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks /acl/admin.aclpolicy");
            }
            return List.of(new AclRepository.StoredAcl(null, "admin.aclpolicy", new String(in.readAllBytes(), StandardCharsets.UTF_8), null));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped admin.aclpolicy", e);
        }
    }

    private Loaded current() {
        long now = System.nanoTime();
        Loaded l = loaded;
        if (l != null && now - checkedAt < CHECK_NANOS) {
            return l;
        }
        synchronized (this) {
            l = loaded;
            if (l != null && System.nanoTime() - checkedAt < CHECK_NANOS) {
                return l;
            }
            try {
                if (!seeded) {
                    if (repository.seed(defaults())) {
                        LOG.info("Stored the default system policy admin.aclpolicy (everything for the group admin)");
                    }
                    seeded = true;
                }
                long version = repository.version();
                if (l == null || l.version() != version) {
                    l = load(version);
                    loaded = l;
                }
                checkedAt = System.nanoTime();
                return l;
            } catch (org.windlass.api.StorageUnavailableException e) {
                if (l != null) {
                    LOG.debug("Policies not refreshed, the database is away: {}", e.getMessage());
                    return l; // the last policies read keep applying while the database is away
                }
                throw e;
            }
        }
    }

    private Loaded load(long version) {
        List<AclPolicy> system = new ArrayList<>();
        Map<String, List<AclPolicy>> byProject = new HashMap<>();
        for (AclRepository.StoredAcl a : repository.all()) {
            try {
                if (a.project() == null) {
                    system.addAll(AclPolicyParser.parse(a.name(), a.content()));
                } else {
                    byProject.computeIfAbsent(a.project(), p -> new ArrayList<>())
                            .addAll(AclPolicyParser.parseForProject(a.name(), a.content(), a.project()));
                }
            } catch (AclFormatException e) {
                // stored before a stricter check, or written to the database by hand: it grants nothing
                LOG.error("Policy {}{} is not valid and is ignored: {}", a.project() == null ? "" : a.project() + "/", a.name(), e.getMessage());
            }
        }
        LOG.info("Access control policies at version {}: {} system document(s), {} project(s) with their own", version,
                system.size(), byProject.size());
        byProject.replaceAll((p, list) -> List.copyOf(list));
        return new Loaded(version, List.copyOf(system), Map.copyOf(byProject));
    }

    @Override
    public Decision decide(AuthenticatedUser user, String project, String type, Map<String, ?> resource, String action) {
        Loaded l = current();
        List<AclPolicy> policies;
        if (project == null) {
            policies = l.system();
        } else {
            List<AclPolicy> own = l.byProject().get(project);
            if (own == null) {
                policies = l.system();
            } else {
                policies = new ArrayList<>(l.system());
                policies.addAll(own);
            }
        }
        org.windlass.security.internal.acl.Decision d = evaluator.evaluate(policies, new Subject(user.name(), user.roles()),
                project == null ? Environment.application() : Environment.project(project), type, resource, action);
        return new Decision(d.allowed(), d.explanation());
    }

    @Override
    public void require(AuthenticatedUser user, String project, String type, Map<String, ?> resource, String action) {
        Decision d = decide(user, project, type, resource, action);
        if (!d.allowed()) {
            JaasAuthenticator.AUDIT.warn("denied: user '{}' (groups {}) {} {} {}{}: {}", user.name(), user.roles(), action, type, resource,
                    project == null ? "" : " in project " + project, d.explanation());
            throw AclService.denied(user, project, type, resource, action, d.explanation());
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("policy name '" + name + "' must be letters, digits, '.', '_' or '-' ending in .aclpolicy");
        }
    }

    @Override
    public void validate(String project, String name, String content) {
        checkName(name);
        if (content == null || content.isBlank()) {
            throw new IllegalArgumentException(name + ": the policy is empty");
        }
        List<AclPolicy> parsed;
        try {
            parsed = project == null ? AclPolicyParser.parse(name, content) : AclPolicyParser.parseForProject(name, content, project);
        } catch (AclFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(name + ": the policy has no document");
        }
    }

    @Override
    public List<String> list(String project) {
        requireProject(project);
        return repository.list(project).stream().map(AclRepository.StoredAcl::name).toList();
    }

    @Override
    public Optional<String> get(String project, String name) {
        requireProject(project);
        return repository.get(project, name).map(AclRepository.StoredAcl::content);
    }

    @Override
    public boolean put(String project, String name, String content) {
        requireProject(project);
        validate(project, name, content);
        boolean existed = repository.get(project, name).isPresent();
        repository.put(project, name, content);
        checkedAt = System.nanoTime() - CHECK_NANOS; // this member applies it at once
        LOG.info("Policy {}{} {}", project == null ? "" : project + "/", name, existed ? "replaced" : "created");
        return !existed;
    }

    @Override
    public boolean delete(String project, String name) {
        requireProject(project);
        boolean removed = repository.delete(project, name);
        if (removed) {
            checkedAt = System.nanoTime() - CHECK_NANOS;
            LOG.info("Policy {}{} deleted", project == null ? "" : project + "/", name);
        }
        return removed;
    }

    private void requireProject(String project) {
        if (project != null && projects.get(project).isEmpty()) {
            throw new ProjectNotFoundException(project);
        }
    }
}

package org.windlass.api.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Access control policies (Rundeck's aclpolicy files) in the cluster database, provided by
 * windlass-persistence for windlass-security. Every method is one transaction.
 */
@ProviderType
public interface AclRepository {

    /**
     * A stored policy file.
     *
     * @param project its project, {@code null} for a system policy
     * @param name    its name, e.g. {@code ops.aclpolicy}
     */
    record StoredAcl(String project, String name, String content, Instant updated) {
    }

    /** @return the project's policies ({@code null}: the system policies), by name */
    List<StoredAcl> list(String project);

    /** @return every policy, system and project ones */
    List<StoredAcl> all();

    Optional<StoredAcl> get(String project, String name);

    /** Creates or replaces a policy and moves the version on. */
    StoredAcl put(String project, String name, String content);

    /** @return whether there was such a policy (the version moves on when there was) */
    boolean delete(String project, String name);

    /** @return a number that changes at every change of any policy */
    long version();

    /**
     * Stores the given system policies once in the database's life, when no member has done it yet.
     *
     * @return whether this call stored them
     */
    boolean seed(List<StoredAcl> defaults);
}

package org.windlass.api.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Authorization with Rundeck's aclpolicy files kept in the cluster database, provided by
 * windlass-security: system policies and each project's own. Any matching deny wins, then any
 * matching allow; nothing matching is a deny. A change made through any member applies on every
 * member within seconds. Thread-safe.
 */
@ProviderType
public interface AclService {

    /**
     * What was decided and why.
     *
     * @param explanation the deciding policy and rule, or that no rule allows the action
     */
    record Decision(boolean allowed, String explanation) {
    }

    /**
     * @param project  the project context, {@code null} for the application (system) context
     * @param type     the resource type: {@code job}, {@code node}, {@code adhoc}, {@code resource} in a project;
     *                 {@code project}, {@code resource}, {@code storage}, {@code apitoken}, {@code project_acl} in the application
     * @param resource the resource's attributes ({@code name}, {@code group}, {@code kind}, {@code path}, {@code tags}...)
     * @param action   the action ({@code read}, {@code run}, {@code create}...)
     */
    Decision decide(AuthenticatedUser user, String project, String type, Map<String, ?> resource, String action);

    /**
     * @throws AccessDeniedException naming the user, the action, the resource and why, when not allowed
     */
    default void require(AuthenticatedUser user, String project, String type, Map<String, ?> resource, String action) {
        Decision d = decide(user, project, type, resource, action);
        if (!d.allowed()) {
            throw denied(user, project, type, resource, action, d.explanation());
        }
    }

    /** @return the refusal every front door gives: who may not do what, where, and why */
    static AccessDeniedException denied(AuthenticatedUser user, String project, String type, Map<String, ?> resource, String action,
                                        String why) {
        return new AccessDeniedException("user '" + user.name() + "' may not " + action + " " + type
                + (resource.isEmpty() ? "" : " " + resource) + (project == null ? "" : " in project " + project) + ": " + why);
    }

    /** @return the names of the project's policies ({@code null}: system policies) */
    List<String> list(String project);

    /** @return the policy's text */
    Optional<String> get(String project, String name);

    /**
     * Validates and stores a policy.
     *
     * @param name a file name ending in {@code .aclpolicy}
     * @throws IllegalArgumentException naming the line and the rule when the text is not a valid aclpolicy
     * @throws org.windlass.api.project.ProjectNotFoundException when the project does not exist
     * @return whether it was created (false: replaced)
     */
    boolean put(String project, String name, String content);

    /** @return whether there was such a policy */
    boolean delete(String project, String name);

    /**
     * Validates a policy without storing it.
     *
     * @throws IllegalArgumentException naming the line and the rule when it is not valid
     */
    void validate(String project, String name, String content);
}

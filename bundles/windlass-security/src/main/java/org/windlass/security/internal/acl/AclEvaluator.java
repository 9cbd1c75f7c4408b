package org.windlass.security.internal.acl;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.windlass.security.internal.acl.Decision.Result;

/**
 * Decides requests against parsed policies with Rundeck's semantics. A policy applies when its context matches the
 * environment (a project regex must match the whole project name; the application context matches only the
 * application environment) and its {@code by} section names the subject (or its {@code notBy} section does not).
 * Among the applicable policies' rules for the resource type, a rule takes part when it allows or denies the
 * action (by name or {@code *}) and all its matchers match the resource. Then: any such rule denying the action
 * gives {@link Result#DENIED}; otherwise any allowing it gives {@link Result#ALLOWED}; otherwise
 * {@link Result#REJECTED}. The explanation names the first deciding rule in policy and rule order.
 * <p>
 * Stateless and thread-safe; all regexes were compiled by the parser, so evaluation does no compilation.
 */
public final class AclEvaluator {

    /**
     * Decides whether {@code subject} may perform {@code action} on a resource.
     *
     * @param policies     the policies to consult, e.g. every file's {@link AclPolicyParser#parse} result together
     * @param subject      who asks
     * @param environment  the project or the application level
     * @param resourceType the type section to consult, e.g. {@code job}, {@code node}, {@code resource}, {@code storage}
     * @param resource     the resource's attributes (each a String or a Collection of Strings), e.g. {@code name},
     *                     {@code group}, {@code kind}, {@code path}, {@code tags}
     * @param action       the action, e.g. {@code run}
     * @return the decision with its explanation
     * @throws IllegalArgumentException when a tested resource attribute is neither a String nor a Collection of Strings
     */
    public Decision evaluate(List<AclPolicy> policies, Subject subject, Environment environment, String resourceType,
            Map<String, ?> resource, String action) {
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(action, "action");
        AclPolicy allowingPolicy = null;
        AclRule allowingRule = null;
        for (AclPolicy policy : policies) {
            if (!policy.context().matches(environment) || !policy.subjects().appliesTo(subject)) {
                continue;
            }
            for (AclRule rule : policy.rulesFor(resourceType)) {
                boolean denies = rule.denies(action);
                if (!denies && (allowingRule != null || !rule.allows(action))) {
                    continue;
                }
                if (!rule.matches(resource)) {
                    continue;
                }
                if (denies) {
                    return new Decision(Result.DENIED, "denied by " + describe(policy, rule));
                }
                allowingPolicy = policy;
                allowingRule = rule;
            }
        }
        if (allowingRule != null) {
            return new Decision(Result.ALLOWED, "allowed by " + describe(allowingPolicy, allowingRule));
        }
        return new Decision(Result.REJECTED,
                "no rule allows '" + action + "' on " + resourceType + " for user " + subject.username());
    }

    private static String describe(AclPolicy policy, AclRule rule) {
        return policy.sourceName() + " document " + policy.documentIndex() + " rule at line " + rule.line();
    }
}

package org.windlass.security.internal.acl;

import java.util.Objects;

/**
 * The outcome of one authorization request and why. Immutable.
 *
 * @param result      allowed, denied by an explicit deny, or rejected because nothing allowed it
 * @param explanation names the deciding policy source, document and rule line, e.g.
 *                    {@code denied by ops.aclpolicy document 2 rule at line 14}, or for a rejection
 *                    {@code no rule allows 'run' on job for user alice}
 */
public record Decision(Result result, String explanation) {

    /** Rundeck's three outcomes. */
    public enum Result {
        /** A matching rule allows the action and none denies it. */
        ALLOWED,
        /** A matching rule denies the action. */
        DENIED,
        /** No matching rule allows the action (default deny). */
        REJECTED
    }

    public Decision {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(explanation, "explanation");
    }

    /** Whether the action may be performed. */
    public boolean allowed() {
        return result == Result.ALLOWED;
    }
}

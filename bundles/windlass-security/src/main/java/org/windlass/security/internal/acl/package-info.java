/**
 * Rundeck's {@code .aclpolicy} format (YAML, "aclpolicy-v10"): {@link org.windlass.security.internal.acl.AclPolicyParser}
 * reads and validates a file into immutable {@link org.windlass.security.internal.acl.AclPolicy} values and
 * {@link org.windlass.security.internal.acl.AclEvaluator} decides a request against them with Rundeck's semantics
 * (a matching deny wins, else a matching allow, else the request is rejected). Every type here is immutable
 * and safe to share between threads.
 */
package org.windlass.security.internal.acl;

/**
 * The Windlass model: value types that cross bundle boundaries (projects, jobs, workflows, steps,
 * executions, nodes, log events, cluster members) and the member identity service.
 *
 * <p>Every type here is immutable and safe to share between threads. Entities of the persistence
 * layer never cross this API; these value types do.
 */
@Version("1.2.0")
package org.windlass.api;

import org.osgi.annotation.versioning.Version;

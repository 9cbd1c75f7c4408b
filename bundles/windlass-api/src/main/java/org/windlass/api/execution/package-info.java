/**
 * Executions: running jobs and ad-hoc commands, querying them, following their logs, aborting
 * them; and the repository the database bundle provides.
 */
@Version("1.2.0")
package org.windlass.api.execution;

import org.osgi.annotation.versioning.Version;

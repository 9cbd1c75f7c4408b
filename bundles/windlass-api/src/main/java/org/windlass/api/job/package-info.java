/**
 * Job definitions in Rundeck's model (job-yaml-v12 and its XML and JSON forms), the service that
 * imports, exports and stores them, and the repository the database bundle provides.
 */
@Version("1.2.0")
package org.windlass.api.job;

import org.osgi.annotation.versioning.Version;

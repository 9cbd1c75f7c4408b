/**
 * Authentication services shared by the REST API, the web UI and the shell: JAAS logins against
 * the {@code windlass} realm and API tokens.
 */
@Version("1.1.0")
package org.windlass.api.security;

import org.osgi.annotation.versioning.Version;

/**
 * Project storage: projects and their configuration and files, shared by every member through the
 * cluster database.
 */
@Version("1.1.0")
package org.windlass.api.project;

import org.osgi.annotation.versioning.Version;

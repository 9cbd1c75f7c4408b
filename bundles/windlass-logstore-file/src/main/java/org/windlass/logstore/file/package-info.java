/**
 * Rundeck's rdlog files in a directory ({@link org.windlass.logstore.file.RdlogDirectory}): the
 * {@code file} log store, and the local spool or cache of other log stores.
 */
@Version("1.0.0")
package org.windlass.logstore.file;

import org.osgi.annotation.versioning.Version;

/**
 * The resource model: Rundeck's node file formats and the node filter language.
 */
@Version("1.0.0")
package org.windlass.api.nodes;

import org.osgi.annotation.versioning.Version;

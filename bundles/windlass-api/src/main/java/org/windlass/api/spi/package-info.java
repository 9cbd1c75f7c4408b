/**
 * The plugin SPIs. A plugin is a DS component in its own bundle that publishes one of these
 * interfaces with the service properties {@link org.windlass.api.spi.WindlassPlugin#TYPE} and
 * {@link org.windlass.api.spi.WindlassPlugin#NAME} (set them with {@code @WindlassPlugin}).
 * Windlass tracks plugins dynamically: a plugin bundle installed, replaced or removed while the
 * member runs is picked up or dropped without a restart.
 *
 * <p>Common contract: every method may be called from several threads at once; a plugin keeps no
 * per-call state in fields. Failures are reported as {@link org.windlass.api.spi.PluginException}
 * with a message that names what failed (the node, the file, the URL) and why.
 */
@Version("1.2.0")
package org.windlass.api.spi;

import org.osgi.annotation.versioning.Version;

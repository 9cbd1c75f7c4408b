/**
 * The cluster: the members table with heartbeats timed by the database's clock, this member's
 * view of the cluster ({@link org.windlass.api.cluster.Membership}), and schedule takeover.
 */
@Version("1.0.0")
package org.windlass.api.cluster;

import org.osgi.annotation.versioning.Version;

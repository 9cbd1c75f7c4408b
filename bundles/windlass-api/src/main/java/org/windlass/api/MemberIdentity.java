package org.windlass.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The identity of this member, published as an OSGi service once the member knows it.
 *
 * <p>The UUID is generated on the first start and kept in the data directory, so it is stable
 * across restarts; configuration ({@code member.uuid} in {@code org.windlass.cluster}) overrides
 * it. The name is the host name unless configured. Thread-safe; the values never change while
 * the service is registered (a configuration change re-registers it).
 */
@ProviderType
public interface MemberIdentity {

    /** @return this member's UUID, in canonical lower-case form */
    String uuid();

    /** @return this member's name */
    String name();

    /** @return the Windlass version this member runs */
    String version();
}

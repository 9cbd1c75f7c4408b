package org.windlass.cluster.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.MemberIdentity;

/**
 * Publishes this member's {@link MemberIdentity}: the UUID kept in
 * {@code ${karaf.data}/windlass/member.properties} (or configured), and the member name.
 */
@Component(service = MemberIdentity.class, configurationPid = MemberIdentityComponent.PID)
public class MemberIdentityComponent implements MemberIdentity {

    static final String PID = ClusterConfig.PID;

    private static final Logger LOG = LoggerFactory.getLogger(MemberIdentityComponent.class);

    private final String uuid;
    private final String name;
    private final String version;

    @Activate
    public MemberIdentityComponent(BundleContext context, ClusterConfig config) {
        this(WindlassDirs.dataDir(context), config.member_uuid(), config.member_name(),
                context.getBundle().getHeaders().get("Windlass-Version"));
    }

    MemberIdentityComponent(Path windlassDataDir, String configuredUuid, String configuredName, String version) {
        try {
            this.uuid = new MemberIdentityStore(windlassDataDir).resolveUuid(configuredUuid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the member identity in " + windlassDataDir, e);
        }
        this.name = MemberIdentityStore.resolveName(configuredName);
        this.version = version == null ? "unknown" : version;
        LOG.info("Windlass member {} ({}), version {}", this.name, this.uuid, this.version);
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }
}

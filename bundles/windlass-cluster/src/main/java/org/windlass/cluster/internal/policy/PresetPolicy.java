package org.windlass.cluster.internal.policy;

import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.ClusterMember;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;

/** Rundeck's Preset policy: always the member whose UUID the profile's {@code config.uuid} gives. */
@Component(service = ExecutionPolicy.class)
@WindlassPlugin(type = ExecutionPolicy.TYPE, name = "Preset")
public class PresetPolicy implements ExecutionPolicy {

    @Override
    public Optional<ClusterMember> select(Request request, List<ClusterMember> candidates) {
        String uuid = request.config().get("uuid");
        if (uuid == null || uuid.isBlank()) {
            return Optional.empty();
        }
        return candidates.stream().filter(c -> c.uuid().equalsIgnoreCase(uuid.strip())).findFirst();
    }
}

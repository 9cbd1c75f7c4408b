package org.windlass.cluster.internal.policy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.ClusterMember;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;

/** Rundeck's Random policy: any allowed member, uniformly. */
@Component(service = ExecutionPolicy.class)
@WindlassPlugin(type = ExecutionPolicy.TYPE, name = "Random")
public class RandomPolicy implements ExecutionPolicy {

    @Override
    public Optional<ClusterMember> select(Request request, List<ClusterMember> candidates) {
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())));
    }
}

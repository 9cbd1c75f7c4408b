package org.windlass.cluster.internal.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.ClusterMember;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;

/**
 * Rundeck's RoundRobin policy: the allowed members in turn (per profile, as this member counts;
 * each member keeps its own turn).
 */
@Component(service = ExecutionPolicy.class)
@WindlassPlugin(type = ExecutionPolicy.TYPE, name = "RoundRobin")
public class RoundRobinPolicy implements ExecutionPolicy {

    private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

    @Override
    public Optional<ClusterMember> select(Request request, List<ClusterMember> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String profile = request.config().getOrDefault("profile", "default");
        long turn = turns.computeIfAbsent(profile, p -> new AtomicLong()).getAndIncrement();
        return Optional.of(candidates.get((int) Math.floorMod(turn, (long) candidates.size())));
    }
}

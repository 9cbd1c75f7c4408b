package org.windlass.cluster.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.ClusterMember;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;

/**
 * Rundeck's Load policy: the least loaded allowed member by the weighted sum of the profile's
 * criteria ({@code threadRatio}: running executions per slot; {@code load}: CPU load per core;
 * {@code memory}: heap in use), as of each member's last heartbeat. Ties are broken at random.
 */
@Component(service = ExecutionPolicy.class)
@WindlassPlugin(type = ExecutionPolicy.TYPE, name = "Load")
public class LoadPolicy implements ExecutionPolicy {

    @Override
    public Optional<ClusterMember> select(Request request, List<ClusterMember> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String[] criteria = request.config().getOrDefault("criteria", "threadRatio,load").split(",");
        String[] weightText = request.config().getOrDefault("weights", "1,1").split(",");
        double best = Double.MAX_VALUE;
        List<ClusterMember> lowest = new ArrayList<>();
        for (ClusterMember c : candidates) {
            double score = score(c.load(), criteria, weightText);
            if (score < best - 1e-9) {
                best = score;
                lowest.clear();
                lowest.add(c);
            } else if (Math.abs(score - best) <= 1e-9) {
                lowest.add(c);
            }
        }
        return Optional.of(lowest.get(ThreadLocalRandom.current().nextInt(lowest.size())));
    }

    static double score(MemberLoad load, String[] criteria, String[] weights) {
        double sum = 0;
        for (int i = 0; i < criteria.length; i++) {
            double w = i < weights.length ? parse(weights[i]) : 1;
            sum += w * value(load, criteria[i].strip().toLowerCase(Locale.ROOT));
        }
        return sum;
    }

    private static double parse(String w) {
        try {
            return Double.parseDouble(w.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Load policy weight '" + w.strip() + "' is not a number", e);
        }
    }

    private static double value(MemberLoad load, String criterion) {
        return switch (criterion) {
            case "threadratio" -> load.threadRatio();
            case "load", "cpu" -> Math.max(0, load.cpu());
            case "memory" -> load.heapMax() <= 0 ? 0 : (double) load.heapUsed() / load.heapMax();
            default -> throw new IllegalArgumentException("Load policy criterion '" + criterion + "' is not one of threadRatio, load, memory");
        };
    }
}

package org.windlass.cluster.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.MemberIdentity;
import org.windlass.api.MemberState;
import org.windlass.api.cluster.ExecutionRouter;
import org.windlass.api.cluster.Membership;
import org.windlass.api.execution.RunException;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;

/**
 * The remote execution policy: Rundeck's {@code rundeck.clusterMode.remoteExecution.*} settings,
 * in etc/org.windlass.cluster.cfg as {@code remoteExecution.policy}, {@code remoteExecution.config.*}
 * and named profiles ({@code remoteExecution.profiles}, {@code remoteExecution.profile.NAME.projects},
 * {@code .policy}, {@code .config.*}). A job's {@code executionPolicyProfile} names its own profile;
 * else the profile bound to its project; else the member's own settings.
 *
 * <p>Candidates are the members whose heartbeat is fresh (state active), in execution mode active
 * unless {@code activeOnly=false}, named by {@code allowed} and carrying {@code allowedTags}; those
 * with {@code preferredTags} are used when there are any. The policy plugin of the profile's name
 * picks one of them; none fitting fails the run with the reason rather than running it elsewhere.
 */
@Component(service = ExecutionRouter.class, configurationPid = ClusterConfig.PID)
public class RemoteExecutionRouter implements ExecutionRouter {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteExecutionRouter.class);
    static final String DEFAULT = "default";

    /** A policy and its settings. */
    record Profile(String name, String policy, Set<String> projects, Map<String, String> config) {
    }

    private final Membership membership;
    private final MemberIdentity identity;
    private final Map<String, ExecutionPolicy> policies = new ConcurrentHashMap<>();
    private volatile Map<String, Profile> profiles = Map.of();
    private volatile String configError;
    private volatile List<ClusterMember> cached = List.of();
    private volatile long cachedAt = System.nanoTime() - MEMBERS_FRESH_NANOS - 1;
    /** how long the members list read for one run serves the next runs */
    private static final long MEMBERS_FRESH_NANOS = 250_000_000L;

    @Activate
    public RemoteExecutionRouter(@Reference Membership membership, @Reference MemberIdentity identity, Map<String, Object> props) {
        this.membership = membership;
        this.identity = identity;
        modified(props);
    }

    @Modified
    void modified(Map<String, Object> props) {
        try {
            this.profiles = parse(props);
            this.configError = null;
            Profile d = profiles.get(DEFAULT);
            LOG.info("Remote execution policy {}{}", d.policy(), profiles.size() > 1 ? "; profiles " + profiles.keySet() : "");
        } catch (IllegalArgumentException e) {
            // the router stays: runs are refused with the mistake named instead of running somewhere unexpected
            this.configError = "the remote execution settings in etc/org.windlass.cluster.cfg are wrong: " + e.getMessage();
            LOG.error("{}", configError);
        }
    }

    @Reference(service = ExecutionPolicy.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addPolicy(ExecutionPolicy p, Map<String, Object> props) {
        Object name = props.get(WindlassPlugin.NAME);
        if (name != null) {
            policies.put(name.toString(), p);
        }
    }

    void removePolicy(ExecutionPolicy p, Map<String, Object> props) {
        Object name = props.get(WindlassPlugin.NAME);
        if (name != null) {
            policies.remove(name.toString(), p);
        }
    }

    static Map<String, Profile> parse(Map<String, Object> props) {
        Map<String, Profile> out = new LinkedHashMap<>();
        out.put(DEFAULT, profile(DEFAULT, props, "remoteExecution.", Set.of()));
        String names = string(props, "remoteExecution.profiles");
        for (String raw : names == null ? new String[0] : names.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals(DEFAULT)) {
                throw new IllegalArgumentException("a profile may not be called 'default'");
            }
            String prefix = "remoteExecution.profile." + name + ".";
            Set<String> projects = new LinkedHashSet<>();
            String p = string(props, prefix + "projects");
            if (p != null) {
                Arrays.stream(p.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(projects::add);
            }
            out.put(name, profile(name, props, prefix, projects));
        }
        Map<String, String> boundTo = new LinkedHashMap<>();
        for (Profile pr : out.values()) {
            for (String project : pr.projects()) {
                String other = boundTo.put(project, pr.name());
                if (other != null) {
                    throw new IllegalArgumentException("project " + project + " is bound to two profiles: " + other + " and " + pr.name());
                }
            }
        }
        return out;
    }

    private static Profile profile(String name, Map<String, Object> props, String prefix, Set<String> projects) {
        String policy = string(props, prefix + "policy");
        policy = policy == null || policy.isBlank() ? "None" : policy.strip();
        Map<String, String> config = new LinkedHashMap<>();
        String configPrefix = prefix + "config.";
        for (Map.Entry<String, Object> e : props.entrySet()) {
            if (e.getKey().startsWith(configPrefix) && e.getValue() != null) {
                config.put(e.getKey().substring(configPrefix.length()), e.getValue().toString().strip());
            }
        }
        config.put("profile", name);
        String where = name.equals(DEFAULT) ? "remoteExecution.config" : "remoteExecution.profile." + name + ".config";
        try {
            MemberMatcher.parse(config.get("allowed"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".allowed: " + e.getMessage(), e);
        }
        if (policy.equalsIgnoreCase("Preset") && (config.get("uuid") == null || config.get("uuid").isBlank())) {
            throw new IllegalArgumentException(where + ".uuid is needed by the Preset policy");
        }
        if (policy.equalsIgnoreCase("Load")) {
            for (String w : config.getOrDefault("weights", "1,1").split(",")) {
                try {
                    Double.parseDouble(w.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ".weights: '" + w.strip() + "' is not a number", e);
                }
            }
            for (String c : config.getOrDefault("criteria", "threadRatio,load").split(",")) {
                if (!Set.of("threadratio", "load", "cpu", "memory").contains(c.strip().toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(where + ".criteria: '" + c.strip() + "' is not one of threadRatio, load, memory");
                }
            }
        }
        return new Profile(name, policy, projects, config);
    }

    private static String string(Map<String, Object> props, String key) {
        Object v = props.get(key);
        return v == null ? null : v.toString();
    }

    Profile profileFor(String project, String jobProfile) {
        Map<String, Profile> all = profiles;
        if (jobProfile != null && !jobProfile.isBlank()) {
            Profile p = all.get(jobProfile.strip());
            if (p == null) {
                throw new RunException("api.error.execution.policy", "the job names the execution policy profile '" + jobProfile
                        + "', which is not configured (profiles: " + all.keySet() + ")");
            }
            return p;
        }
        for (Profile p : all.values()) {
            if (p.projects().contains(project)) {
                return p;
            }
        }
        return all.get(DEFAULT);
    }

    @Override
    public Route route(String project, String jobId, String jobProfile) {
        String error = configError;
        if (error != null) {
            throw new RunException("api.error.execution.policy", error);
        }
        Profile p = profileFor(project, jobProfile);
        if (p.policy().equalsIgnoreCase("None")) {
            return new Route(identity.uuid(), identity.name(), "None", p.name());
        }
        ExecutionPolicy policy = policies.get(p.policy());
        if (policy == null) {
            throw new RunException("api.error.execution.policy", "execution policy '" + p.policy() + "' of profile " + p.name()
                    + " is not installed (installed: None, " + String.join(", ", policies.keySet()) + ")");
        }
        List<ClusterMember> candidates = candidates(p);
        Optional<ClusterMember> chosen = policy.select(new ExecutionPolicy.Request(project, jobId, identity.uuid(), p.config()), candidates);
        if (chosen.isEmpty()) {
            throw new RunException("api.error.execution.policy", "no cluster member fits execution policy " + p.policy() + " of profile "
                    + p.name() + " (candidates: " + candidates.stream().map(ClusterMember::name).toList() + ")");
        }
        return new Route(chosen.get().uuid(), chosen.get().name(), p.policy(), p.name());
    }

    /** The live members the profile allows, the preferred ones first when there are any. */
    List<ClusterMember> candidates(Profile p) {
        List<ClusterMember> members = members();
        MemberMatcher allowed = MemberMatcher.parse(p.config().get("allowed"));
        boolean activeOnly = !"false".equalsIgnoreCase(p.config().getOrDefault("activeOnly", "true"));
        String allowedTags = p.config().get("allowedTags");
        List<ClusterMember> out = new ArrayList<>();
        for (ClusterMember m : members) {
            if (m.state() != MemberState.ACTIVE) {
                continue;
            }
            if (activeOnly && m.executionMode() != ExecutionMode.ACTIVE) {
                continue;
            }
            if (!allowed.isEmpty() && !allowed.matches(m.uuid(), m.name(), identity.uuid())) {
                continue;
            }
            if (!tagsMatch(allowedTags, m.tags())) {
                continue;
            }
            out.add(m);
        }
        String preferred = p.config().get("preferredTags");
        if (preferred != null && !preferred.isBlank()) {
            List<ClusterMember> pref = out.stream().filter(m -> tagsMatch(preferred, m.tags())).toList();
            if (!pref.isEmpty()) {
                return pref;
            }
        }
        return out;
    }

    /** Rundeck's tag expression: comma = any of the groups, {@code +} = all tags of a group, {@code *} or empty = any member. */
    static boolean tagsMatch(String expression, Set<String> tags) {
        if (expression == null || expression.isBlank() || expression.strip().equals("*")) {
            return true;
        }
        for (String group : expression.split(",")) {
            String g = group.strip();
            if (g.isEmpty()) {
                continue;
            }
            boolean all = true;
            for (String t : g.split("\\+")) {
                if (!t.isBlank() && !tags.contains(t.strip())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The next run reads the members again (tests). */
    void forgetMembers() {
        cachedAt = System.nanoTime() - MEMBERS_FRESH_NANOS - 1;
    }

    private List<ClusterMember> members() {
        long now = System.nanoTime();
        if (now - cachedAt > MEMBERS_FRESH_NANOS) {
            cached = membership.members();
            cachedAt = now;
        }
        return cached;
    }
}

package org.windlass.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.MemberIdentity;
import org.windlass.api.MemberState;
import org.windlass.api.cluster.ExecutionRouter;
import org.windlass.api.cluster.MemberLoad;
import org.windlass.api.cluster.Membership;
import org.windlass.api.execution.RunException;
import org.windlass.api.job.ScheduleRepository;
import org.windlass.api.spi.ExecutionPolicy;
import org.windlass.api.spi.WindlassPlugin;
import org.windlass.cluster.internal.policy.LoadPolicy;
import org.windlass.cluster.internal.policy.PresetPolicy;
import org.windlass.cluster.internal.policy.RandomPolicy;
import org.windlass.cluster.internal.policy.RoundRobinPolicy;

/** Profiles, candidates and the built-in policies of the remote execution policy. */
class RemoteExecutionRouterTest {

    private final List<ClusterMember> members = new ArrayList<>();

    private void member(String uuid, String name, MemberState state, ExecutionMode mode, Set<String> tags, int running, double cpu) {
        members.add(new ClusterMember(uuid, name, "http://" + name, "1", state, Instant.now(), tags, mode,
                new MemberLoad(running, 10, cpu, 10, 100)));
    }

    private RemoteExecutionRouter router(Map<String, Object> props) {
        Membership m = new Membership() {
            @Override
            public ExecutionMode executionMode() {
                return ExecutionMode.ACTIVE;
            }

            @Override
            public String fenced() {
                return null;
            }

            @Override
            public List<ClusterMember> members() {
                return List.copyOf(members);
            }

            @Override
            public Optional<ClusterMember> member(String uuid) {
                return members.stream().filter(x -> x.uuid().equals(uuid)).findFirst();
            }

            @Override
            public ClusterMember setExecutionMode(String uuid, ExecutionMode mode) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<ScheduleRepository.Move> takeOver(TakeoverRequest request) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String publicUrl() {
                return null;
            }
        };
        MemberIdentity me = new MemberIdentity() {
            @Override
            public String uuid() {
                return "u-self";
            }

            @Override
            public String name() {
                return "self";
            }

            @Override
            public String version() {
                return "1";
            }
        };
        RemoteExecutionRouter r = new RemoteExecutionRouter(m, me, props);
        Map<String, ExecutionPolicy> builtIn = Map.of("Random", new RandomPolicy(), "RoundRobin", new RoundRobinPolicy(),
                "Preset", new PresetPolicy(), "Load", new LoadPolicy());
        builtIn.forEach((name, p) -> r.addPolicy(p, Map.of(WindlassPlugin.NAME, name)));
        return r;
    }

    private void cluster() {
        member("u-self", "self", MemberState.ACTIVE, ExecutionMode.ACTIVE, Set.of("web"), 5, 0.9);
        member("u-a", "worker-a", MemberState.ACTIVE, ExecutionMode.ACTIVE, Set.of("worker", "linux"), 1, 0.1);
        member("u-b", "worker-b", MemberState.ACTIVE, ExecutionMode.ACTIVE, Set.of("worker"), 2, 0.2);
        member("u-p", "passive-1", MemberState.ACTIVE, ExecutionMode.PASSIVE, Set.of("worker", "linux"), 0, 0.0);
        member("u-d", "worker-dead", MemberState.DEAD, ExecutionMode.ACTIVE, Set.of("worker", "linux"), 0, 0.0);
        member("u-i", "worker-inactive", MemberState.INACTIVE, ExecutionMode.ACTIVE, Set.of("worker", "linux"), 0, 0.0);
    }

    @Test
    void noneRunsHereAndEachPolicyChoosesAmongLiveActiveAllowedMembers() {
        cluster();
        assertEquals("u-self", router(Map.of()).route("p", "j", null).memberUuid());

        Map<String, Object> rr = new HashMap<>(Map.of("remoteExecution.policy", "RoundRobin", "remoteExecution.config.allowed", "Other"));
        RemoteExecutionRouter robin = router(rr);
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            turns.add(robin.route("p", "j", null).memberUuid());
        }
        assertEquals(List.of("u-a", "u-b", "u-a", "u-b"), turns, "dead, inactive and passive members are never chosen");

        RemoteExecutionRouter load = router(Map.of("remoteExecution.policy", "Load"));
        assertEquals("u-a", load.route("p", "j", null).memberUuid(), "the least loaded: 1 of 10 running, cpu 0.1");
        RemoteExecutionRouter memory = router(Map.of("remoteExecution.policy", "Load", "remoteExecution.config.criteria", "threadRatio",
                "remoteExecution.config.allowed", "/worker-b|self/"));
        assertEquals("u-b", memory.route("p", "j", null).memberUuid());

        RemoteExecutionRouter preset = router(Map.of("remoteExecution.policy", "Preset", "remoteExecution.config.uuid", "u-b"));
        assertEquals(new ExecutionRouter.Route("u-b", "worker-b", "Preset", "default"), preset.route("p", "j", null));

        Set<String> seen = new HashSet<>();
        RemoteExecutionRouter random = router(Map.of("remoteExecution.policy", "Random", "remoteExecution.config.allowedTags", "worker+linux"));
        for (int i = 0; i < 50; i++) {
            seen.add(random.route("p", "j", null).memberUuid());
        }
        assertEquals(Set.of("u-a"), seen, "worker+linux: only a is live, active and has both");
        RemoteExecutionRouter withPassive = router(Map.of("remoteExecution.policy", "Random", "remoteExecution.config.allowedTags",
                "worker+linux", "remoteExecution.config.activeOnly", "false"));
        for (int i = 0; i < 100; i++) {
            seen.add(withPassive.route("p", "j", null).memberUuid());
        }
        assertEquals(Set.of("u-a", "u-p"), seen, "activeOnly=false allows the passive member");
    }

    @Test
    void preferredTagsWinWhenAvailableAndProfilesBindProjectsAndJobs() {
        cluster();
        Map<String, Object> props = new HashMap<>();
        props.put("remoteExecution.policy", "RoundRobin");
        props.put("remoteExecution.config.preferredTags", "linux");
        props.put("remoteExecution.profiles", "web, batch");
        props.put("remoteExecution.profile.web.projects", "site, shop");
        props.put("remoteExecution.profile.web.policy", "Preset");
        props.put("remoteExecution.profile.web.config.uuid", "u-self");
        props.put("remoteExecution.profile.batch.policy", "Load");
        props.put("remoteExecution.profile.batch.config.allowedTags", "worker");
        RemoteExecutionRouter r = router(props);
        assertEquals("u-a", r.route("other", "j", null).memberUuid(), "preferred linux: only worker-a qualifies");
        assertEquals("u-a", r.route("other", "j", null).memberUuid());
        ExecutionRouter.Route site = r.route("shop", "j", null);
        assertEquals("u-self", site.memberUuid());
        assertEquals("web", site.profile());
        assertEquals("batch", r.route("shop", "j", "batch").profile(), "a job's own profile wins over its project's");
        RunException unknown = assertThrows(RunException.class, () -> r.route("shop", "j", "gpu"));
        assertTrue(unknown.getMessage().contains("'gpu', which is not configured"), unknown.getMessage());

        members.removeIf(m -> m.tags().contains("worker"));
        r.forgetMembers();
        RunException none = assertThrows(RunException.class, () -> r.route("x", "j", "batch"));
        assertTrue(none.getMessage().contains("no cluster member fits execution policy Load of profile batch"), none.getMessage());
    }

    @Test
    void wrongSettingsRefuseRunsWithTheSettingNamed() {
        cluster();
        RunException e = assertThrows(RunException.class, () -> router(Map.of("remoteExecution.policy", "Preset")).route("p", "j", null));
        assertTrue(e.getMessage().contains("remoteExecution.config.uuid is needed by the Preset policy"), e.getMessage());
        e = assertThrows(RunException.class, () -> router(Map.of("remoteExecution.policy", "Load",
                "remoteExecution.config.criteria", "threadRatio,disk")).route("p", "j", null));
        assertTrue(e.getMessage().contains("'disk' is not one of"), e.getMessage());
        e = assertThrows(RunException.class, () -> router(Map.of("remoteExecution.policy", "Fastest")).route("p", "j", null));
        assertTrue(e.getMessage().contains("execution policy 'Fastest' of profile default is not installed"), e.getMessage());
        e = assertThrows(RunException.class, () -> router(Map.of("remoteExecution.profiles", "a,b", "remoteExecution.profile.a.projects", "x",
                "remoteExecution.profile.b.projects", "x")).route("p", "j", null));
        assertTrue(e.getMessage().contains("project x is bound to two profiles: a and b"), e.getMessage());
    }

    @Test
    void tagExpressions() {
        assertTrue(RemoteExecutionRouter.tagsMatch("*", Set.of()));
        assertTrue(RemoteExecutionRouter.tagsMatch("a,b", Set.of("b")));
        assertFalse(RemoteExecutionRouter.tagsMatch("a+b", Set.of("b")));
        assertTrue(RemoteExecutionRouter.tagsMatch("c, a+b", Set.of("a", "b")));
    }
}

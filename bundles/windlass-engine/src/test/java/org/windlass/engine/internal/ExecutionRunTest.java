package org.windlass.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.LogEvent;
import org.windlass.api.LogLevel;
import org.windlass.api.Node;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobStep;
import org.windlass.api.spi.FileCopier;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.StepPlugin;

/**
 * The workflow walk: strategies, keepgoing, dispatch, error handlers, job references. Commands
 * run through a recording NodeExecutor whose exit code is the number after "exit " in the command.
 */
class ExecutionRunTest {

    @TempDir
    Path temp;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    /** node:command, in the order they ran */
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final Map<String, JobDefinition> others = new java.util.HashMap<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private final NodeExecutor executor = (request, output) -> CompletableFuture.supplyAsync(() -> {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        String cmd = request.command().get(request.command().size() - 1);
        ran.add(request.node().name() + ":" + cmd);
        output.stdout("out " + cmd);
        concurrent.decrementAndGet();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("exit (\\d+)").matcher(cmd);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }, pool);

    private ExecutionRun run(JobDefinition job, List<Node> nodes) {
        LogStore.Writer writer = new LogStore.Writer() {
            @Override
            public void append(LogEvent event) {
                logged.add(event.message());
            }

            @Override
            public void complete() {
            }

            @Override
            public void close() {
            }
        };
        Execution e = new Execution(7, "p", "j", job.name(), null, null, ExecutionState.RUNNING, "tester", "", LogLevel.NORMAL,
                null, "m", Instant.now(), null, 0, null, List.of(), List.of(), null, null);
        ExecutionRun.Services services = new ExecutionRun.Services() {
            public NodeExecutor executor(String name) {
                return "fake".equals(name) ? executor : null;
            }

            public FileCopier copier(String name) {
                return null;
            }

            public StepPlugin stepPlugin(String name) {
                return null;
            }

            public List<Node> nodes(String project, String filter) {
                return nodes;
            }

            public Node serverNode(String project) {
                return nodes.get(0);
            }

            public String defaultExecutor(String project) {
                return "fake";
            }

            public String defaultCopier(String project) {
                return "fake";
            }

            public JobDefinition job(String project, JobStep.JobRef ref) {
                return others.get(ref.name());
            }

            public OptionResolver.Resolved options(JobDefinition j, Map<String, String> values) {
                return OptionResolver.resolve(j, values, null);
            }

            public ExecutorService nodePool() {
                return pool;
            }

            public Path tempDir() {
                return temp;
            }
        };
        DataContext ctx = new DataContext().put("option", "who", "world");
        return new ExecutionRun(e, job, ctx, nodes, new LogSink(7, writer, LogLevel.NORMAL, "tester"), services);
    }

    private static List<Node> nodes(String... names) {
        List<Node> list = new ArrayList<>();
        for (String n : names) {
            list.add(new Node(n, n + ".example", "u", null, Set.of(), Map.of()));
        }
        return list;
    }

    private static JobDefinition job(String strategy, boolean keepgoing, JobDefinition.Dispatch dispatch, JobStep... steps) {
        return new JobDefinition("j", "p", "job", null, null, LogLevel.NORMAL, true, false, null, null, false, null, null,
                null, List.of(), new JobDefinition.Sequence(keepgoing, strategy, List.of(steps)),
                new JobDefinition.NodeFilters("name: .*", null, dispatch), true, null, null, null, Map.of());
    }

    @Test
    void nodeFirstRunsEveryStepOnOneNodeBeforeTheNext() {
        ExecutionRun r = run(job("node-first", false, null, JobStep.command("a"), JobStep.command("b ${option.who}")), nodes("n1", "n2"));
        assertTrue(r.run());
        assertEquals(List.of("n1:a", "n1:b world", "n2:a", "n2:b world"), ran);
        assertEquals(Set.of("n1", "n2"), r.succeededNodes);
    }

    @Test
    void stepFirstRunsOneStepOnEveryNodeBeforeTheNext() {
        ExecutionRun r = run(job("step-first", false, null, JobStep.command("a"), JobStep.command("b")), nodes("n1", "n2"));
        assertTrue(r.run());
        assertEquals(List.of("n1:a", "n2:a", "n1:b", "n2:b"), ran);
    }

    @Test
    void aFailedStepStopsTheNodeUnlessKeepgoing() {
        ExecutionRun r = run(job("node-first", false, new JobDefinition.Dispatch("1", true, true, null, null),
                JobStep.command("exit 3"), JobStep.command("after")), nodes("n1", "n2"));
        assertFalse(r.run());
        assertEquals(List.of("n1:exit 3", "n2:exit 3"), ran, "dispatch keepgoing runs the other node; sequence keepgoing false skips 'after'");
        assertEquals(Set.of("n1", "n2"), r.failedNodes);
        assertTrue(r.failureReason().contains("exit code 3"), r.failureReason());

        ran.clear();
        ExecutionRun k = run(job("node-first", true, null, JobStep.command("exit 3"), JobStep.command("after")), nodes("n1"));
        assertFalse(k.run());
        assertEquals(List.of("n1:exit 3", "n1:after"), ran, "sequence keepgoing runs the next step");
    }

    @Test
    void dispatchWithoutKeepgoingStartsNoNodeAfterAFailure() {
        ExecutionRun r = run(job("node-first", false, new JobDefinition.Dispatch("1", false, true, null, null),
                JobStep.command("exit 1")), nodes("n1", "n2", "n3"));
        assertFalse(r.run());
        assertEquals(List.of("n1:exit 1"), ran);
    }

    @Test
    void rankAttributeAndOrderDecideTheNodeOrder() {
        List<Node> list = List.of(new Node("a", "a", null, null, Set.of(), Map.of("rank", "2")),
                new Node("b", "b", null, null, Set.of(), Map.of("rank", "10")), new Node("c", "c", null, null, Set.of(), Map.of("rank", "1")));
        assertEquals(List.of("b", "a", "c"), ExecutionRun.rank(list, new JobDefinition.Dispatch("1", false, true, "rank", "descending"))
                .stream().map(Node::name).toList(), "numeric attributes compare as numbers");
        assertEquals(List.of("a", "b", "c"), ExecutionRun.rank(list, JobDefinition.Dispatch.DEFAULT).stream().map(Node::name).toList());
    }

    @Test
    void threadcountBoundsParallelNodes() {
        ExecutionRun r = run(job("node-first", false, new JobDefinition.Dispatch("3", false, true, null, null),
                JobStep.command("x")), nodes("n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"));
        assertTrue(r.run());
        assertEquals(8, ran.size());
        assertTrue(maxConcurrent.get() <= 3, "at most 3 nodes at once, saw " + maxConcurrent.get());
    }

    @Test
    void parallelStrategyRunsEveryStep() {
        ExecutionRun r = run(job("parallel", false, null, JobStep.command("a"), JobStep.command("b"), JobStep.command("c")), nodes("n1"));
        assertTrue(r.run());
        assertEquals(Set.of("n1:a", "n1:b", "n1:c"), Set.copyOf(ran));
    }

    @Test
    void anErrorHandlerRecoversWithKeepgoingOnSuccess() {
        JobStep handler = new JobStep(JobStep.Kind.EXEC, null, "recover", null, null, null, null, null, false, null, null, null,
                true, Map.of(), null, true, Map.of());
        ExecutionRun r = run(job("node-first", false, null, JobStep.command("exit 2").withErrorHandler(handler), JobStep.command("next")), nodes("n1"));
        assertTrue(r.run(), "the handler succeeded with keepgoingOnSuccess: the workflow goes on and succeeds");
        assertEquals(List.of("n1:exit 2", "n1:recover", "n1:next"), ran);

        ran.clear();
        JobStep plain = JobStep.command("recover");
        ExecutionRun f = run(job("node-first", false, null, JobStep.command("exit 2").withErrorHandler(plain), JobStep.command("next")), nodes("n1"));
        assertFalse(f.run(), "without keepgoing the handler runs but the workflow still fails");
        assertEquals(List.of("n1:exit 2", "n1:recover"), ran);
    }

    @Test
    void aJobReferenceRunsTheOtherJobsStepsWithItsArguments() {
        others.put("child", new JobDefinition("c", "p", "child", null, null, LogLevel.NORMAL, true, false, null, null, false, null,
                null, null, List.of(org.windlass.api.job.JobOption.simple("greet", "none")),
                new JobDefinition.Sequence(false, null, List.of(JobStep.command("child ${option.greet}"))), null, true, null, null,
                null, Map.of()));
        JobStep ref = new JobStep(JobStep.Kind.JOB_REF, null, null, null, null, null, null, null, false, null,
                new JobStep.JobRef("child", null, null, null, "-greet ${option.who}", true, null, null, false, false, false, false, false),
                null, true, Map.of(), null, false, Map.of());
        ExecutionRun r = run(job("node-first", false, null, ref), nodes("n1"));
        assertTrue(r.run());
        assertEquals(List.of("n1:child world"), ran);
    }

    @Test
    void aReferenceToAMissingJobFailsTheStepWithItsName() {
        JobStep ref = new JobStep(JobStep.Kind.JOB_REF, null, null, null, null, null, null, null, false, null,
                new JobStep.JobRef("ghost", "ops", null, null, null, false, null, null, false, false, false, false, false),
                null, true, Map.of(), null, false, Map.of());
        ExecutionRun r = run(job("node-first", false, null, ref), nodes("n1"));
        assertFalse(r.run());
        assertTrue(r.failureReason().contains("no job 'ops/ghost' in project p"), r.failureReason());
    }

    @Test
    void aNodeWithoutItsExecutorPluginFailsWithThePluginNamed() {
        List<Node> list = List.of(new Node("r1", "r1", null, null, Set.of(), Map.of("node-executor", "ssh")));
        ExecutionRun r = run(job("node-first", false, null, JobStep.command("x")), list);
        assertFalse(r.run());
        assertTrue(r.failureReason().contains("no node executor plugin 'ssh' is installed for node r1"), r.failureReason());
    }

    @Test
    void stopCancelsAndReportsTheState() {
        ExecutionRun r = run(job("node-first", false, null, JobStep.command("a")), nodes("n1"));
        r.stop(ExecutionState.ABORTED, "aborted by tester", "tester");
        assertFalse(r.run());
        assertEquals(ExecutionState.ABORTED, r.stopState());
        assertTrue(ran.isEmpty());
    }

    @Test
    void argumentStringsParse() {
        assertEquals(Map.of("a", "1", "b", "two words", "c", ""), ArgStrings.parseOptions("-a 1 -b 'two words' -c"));
        assertEquals(List.of("echo", "it's", "a b"), ArgStrings.tokenize("echo \"it's\" a\\ b"));
    }

    @Test
    void optionsAreCheckedAgainstRequiredEnforcedAndRegex() {
        org.windlass.api.job.JobOption env = new org.windlass.api.job.JobOption("env", null, null, null, List.of("dev", "prod"), null,
                true, true, null, false, null, false, false, false, null, false, null, Map.of());
        org.windlass.api.job.JobOption port = new org.windlass.api.job.JobOption("port", null, null, "80", List.of(), null,
                false, false, "\\d+", false, null, false, false, false, null, false, null, Map.of());
        org.windlass.api.job.JobOption pw = new org.windlass.api.job.JobOption("pw", null, null, null, List.of(), null,
                false, false, null, false, null, false, true, false, null, false, null, Map.of());
        JobDefinition j = new JobDefinition("j", "p", "job", null, null, LogLevel.NORMAL, true, false, null, null, false, null, null,
                null, List.of(env, port, pw), new JobDefinition.Sequence(false, null, List.of(JobStep.command("x"))), null, true,
                null, null, null, Map.of());
        OptionResolver.Resolved ok = OptionResolver.resolve(j, Map.of("env", "prod", "pw", "s3cret"), null);
        assertEquals("80", ok.exposed().get("port"), "defaults apply");
        assertEquals("s3cret", ok.secure().get("pw"));
        assertFalse(ok.exposed().containsKey("pw"), "a secure option is not exposed to scripts unless valueExposed");
        assertFalse(ok.argString().contains("s3cret"), ok.argString());
        assertEquals("option 'env' is required", assertRun(() -> OptionResolver.resolve(j, Map.of(), null)));
        assertTrue(assertRun(() -> OptionResolver.resolve(j, Map.of("env", "qa"), null)).contains("not one of the allowed values [dev, prod]"));
        assertTrue(assertRun(() -> OptionResolver.resolve(j, Map.of("env", "dev", "port", "http"), null)).contains("does not match the regex"));
    }

    private static String assertRun(org.junit.jupiter.api.function.Executable e) {
        return org.junit.jupiter.api.Assertions.assertThrows(org.windlass.api.execution.RunException.class, e).getMessage();
    }
}

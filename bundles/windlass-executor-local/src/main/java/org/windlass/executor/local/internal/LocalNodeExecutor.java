package org.windlass.executor.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.spi.LineSplitter;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/**
 * The {@code local} node executor: runs the command as a process of the member itself.
 *
 * <p>The environment is the member's plus the request's; the working directory is
 * {@code workingDir} (else the user's home). Standard input is closed at once. Standard output and
 * error are read by two tasks of a shared pool of daemon threads and delivered line by line
 * ({@link LineSplitter}). The future completes with the exit code once the process has ended and
 * both streams reached their end; on timeout, cancellation, an output sink failure or deactivation
 * the process and all its descendants are terminated (SIGTERM, then SIGKILL after
 * {@link #KILL_GRACE}).
 *
 * <p>Limit: a descendant that detached itself (double fork) is no longer a descendant and is not
 * killed; if it keeps the output pipes open, its reader task stays blocked until it closes them.
 */
@Component(service = NodeExecutor.class, configurationPid = LocalConfig.PID)
@Designate(ocd = LocalConfig.class)
@WindlassPlugin(type = NodeExecutor.TYPE, name = "local")
public class LocalNodeExecutor implements NodeExecutor {

    /** How long a process may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration KILL_GRACE = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(LocalNodeExecutor.class);
    private static final AtomicInteger IO_THREADS = new AtomicInteger();

    private final Path workingDir;
    private final ExecutorService io;
    private final ScheduledExecutorService scheduler;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    @Activate
    public LocalNodeExecutor(LocalConfig config) {
        this(config.workingDir() == null || config.workingDir().isBlank()
                ? Path.of(System.getProperty("user.home"))
                : Path.of(config.workingDir().trim()));
    }

    LocalNodeExecutor(Path workingDir) {
        this.workingDir = workingDir;
        this.io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "windlass-local-io-" + IO_THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "windlass-local-timeout");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    @Override
    public CompletableFuture<Integer> execute(Request request, OutputSink output) {
        if (stopped) {
            return CompletableFuture.failedFuture(new PluginException("ExecutorStopped",
                    describe(request) + ": cannot run, the local node executor is stopped"));
        }
        ProcessBuilder builder = new ProcessBuilder(request.command()).directory(workingDir.toFile());
        builder.environment().putAll(request.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new PluginException("ProcessStartFailure",
                    describe(request) + ": cannot start '" + request.command().get(0) + "' in " + workingDir + ": "
                            + e.getMessage(), e));
        }
        Running run = new Running(request, process);
        running.add(run);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("{}: cannot close the standard input of the process", describe(request), e);
        }
        run.result.whenComplete((code, failure) -> {
            running.remove(run);
            ScheduledFuture<?> t = run.timeout;
            if (t != null) {
                t.cancel(false);
            }
            if (failure != null && process.isAlive()) {
                killTree(process);
            }
        });
        CompletableFuture<Void> out = pump(run, process.getInputStream(), output::stdout, "standard output");
        CompletableFuture<Void> err = pump(run, process.getErrorStream(), output::stderr, "standard error");
        // a failing stream ends the command at once (the sink cannot take its output)
        out.exceptionally(e -> fail(run, e));
        err.exceptionally(e -> fail(run, e));
        // wait for the exit on the thread that finished reading, not through Process.onExit(): on a
        // 2-core machine its async stage starts a new thread for every process that ends
        CompletableFuture.allOf(out, err).thenRun(() -> {
            try {
                run.result.complete(process.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(run, new PluginException("ExecutorStopped", describe(request) + ": interrupted while waiting for the command to end"));
            }
        });
        if (request.timeout() != null) {
            try {
                run.timeout = scheduler.schedule(() -> timedOut(run), Math.max(0, request.timeout().toMillis()),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                fail(run, new PluginException("ExecutorStopped", describe(request) + ": the local node executor is stopping"));
            }
            if (run.result.isDone() && run.timeout != null) {
                run.timeout.cancel(false);
            }
        }
        if (stopped) {
            fail(run, new PluginException("ExecutorStopped", describe(request) + ": the local node executor is stopping"));
        }
        return run.result;
    }

    private Void fail(Running run, Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        run.result.completeExceptionally(t);
        return null;
    }

    private void timedOut(Running run) {
        String message = describe(run.request) + " timed out after " + format(run.request.timeout());
        if (run.result.completeExceptionally(new PluginException("Timeout", message))) {
            LOG.info("{}; terminating it and its child processes", message);
        }
    }

    /** Reads one stream of the process on an I/O thread. */
    private CompletableFuture<Void> pump(Running run, InputStream in, Consumer<String> sink, String name) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable task = () -> {
            LineSplitter splitter = new LineSplitter(line -> {
                try {
                    sink.accept(line);
                } catch (RuntimeException e) {
                    throw new SinkFailure(e);
                }
            });
            byte[] buf = new byte[LineSplitter.MAX_LINE];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (run.result.isDone()) {
                        break; // aborted: stop delivering, let the pipe go
                    }
                    splitter.feed(buf, 0, n);
                }
                if (!run.result.isDone()) {
                    splitter.finish();
                }
                done.complete(null);
            } catch (SinkFailure e) {
                done.completeExceptionally(new PluginException("OutputFailure", describe(run.request)
                        + ": the output sink rejected a line of " + name + ": " + e.getCause(), e.getCause()));
            } catch (IOException e) {
                if (run.result.isDone()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(new PluginException("IOError", describe(run.request)
                            + ": cannot read its " + name + ": " + e.getMessage(), e));
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(new PluginException("IOError", describe(run.request)
                        + ": reading its " + name + " failed: " + e, e));
            } catch (Error e) {
                done.completeExceptionally(e);
                throw e;
            }
        };
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new PluginException("ExecutorStopped",
                    describe(run.request) + ": the local node executor is stopping"));
        }
        return done;
    }

    /** Terminates a process and every descendant: SIGTERM now, SIGKILL to survivors after the grace. */
    void killTree(Process process) {
        List<ProcessHandle> tree = snapshot(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        Runnable force = () -> {
            List<ProcessHandle> left = new ArrayList<>(tree);
            if (process.isAlive()) {
                left.addAll(snapshot(process.toHandle()));
            }
            left.stream().filter(ProcessHandle::isAlive).forEach(p -> {
                LOG.debug("process {} still alive {} after SIGTERM, killing it", p.pid(), format(KILL_GRACE));
                p.destroyForcibly();
            });
        };
        try {
            scheduler.schedule(force, KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            force.run();
        }
    }

    /** @return the descendants first (captured before the parent dies and they are re-parented), then the root */
    private static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        root.descendants().forEach(tree::add);
        tree.add(root);
        return tree;
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        List<Running> left = new ArrayList<>(running);
        if (!left.isEmpty()) {
            LOG.info("Local node executor stopping: terminating {} running command(s)", left.size());
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (Running run : left) {
            all.addAll(snapshot(run.process.toHandle()));
            run.result.completeExceptionally(new PluginException("ExecutorStopped",
                    describe(run.request) + ": aborted, the local node executor stopped"));
        }
        scheduler.shutdownNow();
        all.forEach(ProcessHandle::destroy);
        try {
            CompletableFuture.allOf(all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
    }

    static String describe(Request request) {
        return "execution " + request.executionId() + ", node " + request.node().name() + ": command "
                + String.join(" ", request.command());
    }

    /** @return e.g. {@code 500 ms}, {@code 30s}, {@code 1.500s}, {@code 1h 2m 3s} */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        StringBuilder sb = new StringBuilder();
        if (d.toHours() > 0) {
            sb.append(d.toHours()).append("h ");
        }
        if (d.toMinutesPart() > 0) {
            sb.append(d.toMinutesPart()).append("m ");
        }
        if (d.toSecondsPart() > 0 || d.toMillisPart() > 0) {
            sb.append(d.toSecondsPart());
            if (d.toMillisPart() > 0) {
                sb.append('.').append(String.format("%03d", d.toMillisPart()));
            }
            sb.append('s');
        }
        return sb.toString().trim();
    }

    /** @return how many commands run now */
    int runningCount() {
        return running.size();
    }

    /** One running command. */
    private static final class Running {
        final Request request;
        final Process process;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        volatile ScheduledFuture<?> timeout;

        Running(Request request, Process process) {
            this.request = request;
            this.process = process;
        }
    }

    /** Carries a sink's exception out of the splitter. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }
    }
}

package org.windlass.executor.ssh.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.client.ScpClient;
import org.apache.sshd.scp.client.ScpClientCreator;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.Node;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectService;
import org.windlass.api.spi.LineSplitter;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.PluginException;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.SecretResolver;

/**
 * The SSH client of the member, shared by the {@code ssh} node executor and file copier.
 *
 * <p>One Apache MINA sshd client with a fixed number of I/O threads carries every connection:
 * connecting, authenticating, opening a channel and reading a command's output are all
 * non-blocking, so a thousand nodes in flight need no thread of their own. Only file copies
 * (SFTP's client is blocking) use a small pool of {@code copyThreads}.
 *
 * <p>Connections are reused within an execution: the steps of one execution on one node share one
 * authenticated connection (same user, host, port and credentials), each command in its own
 * channel. {@link #release} closes an execution's connections
 * when it ends. A failed connection is not remembered: the next command tries again.
 */
@Component(service = SshConnector.class, configurationPid = SshConfig.PID)
@Designate(ocd = SshConfig.class)
public class SshConnector {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    private static final AttributeRepository.AttributeKey<SshTarget> TARGET = new AttributeRepository.AttributeKey<>();
    /** the host key verdict of a connection, kept outside the session (whose attributes go when it closes) */
    private static final AttributeRepository.AttributeKey<AtomicReference<KnownHostsStore.Result>> HOST_KEY =
            new AttributeRepository.AttributeKey<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long PROJECT_CACHE_MILLIS = 1000;

    private final SshConfig config;
    private final Function<String, Map<String, String>> projectProperties;
    private final SecretResolver secrets;
    private final KnownHostsStore knownHosts;
    private final SshClient client;
    private final ScheduledExecutorService timer;
    private final ExecutorService copyPool;
    private final ExecutorService knownHostsWriter;
    private final Map<Long, ExecutionConnections> executions = new ConcurrentHashMap<>();
    private final Map<String, CachedProperties> projectCache = new ConcurrentHashMap<>();

    private record CachedProperties(Map<String, String> properties, long at) {
    }

    /** What one execution keeps: its connections and the credentials it loaded. */
    private static final class ExecutionConnections {
        final Map<SshTarget.ConnectionKey, CompletableFuture<ClientSession>> sessions = new ConcurrentHashMap<>();
        final Map<String, List<KeyPair>> keys = new ConcurrentHashMap<>();
        final Set<SshTarget.ConnectionKey> noSftp = ConcurrentHashMap.newKeySet();
    }

    @Activate
    public SshConnector(SshConfig config, @Reference ProjectService projects, @Reference SecretResolver secrets) {
        this(config, project -> projects.get(project).map(Project::properties).orElse(Map.of()),
                new KnownHostsStore.Files() {
                    @Override
                    public Optional<String> read(String project) {
                        return projects.readFile(project, KnownHostsStore.FILE);
                    }

                    @Override
                    public void write(String project, String text) {
                        projects.writeFile(project, KnownHostsStore.FILE, text);
                    }
                }, secrets);
    }

    SshConnector(SshConfig config, Function<String, Map<String, String>> projectProperties,
                 KnownHostsStore.Files knownHostsFiles, SecretResolver secrets) {
        this.config = config;
        this.projectProperties = projectProperties;
        this.secrets = secrets;
        this.timer = new ScheduledThreadPoolExecutor(1, threads("windlass-ssh-timer"));
        ((ScheduledThreadPoolExecutor) timer).setRemoveOnCancelPolicy(true);
        int copies = Math.max(1, config.copyThreads());
        this.copyPool = new ThreadPoolExecutor(copies, copies, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("windlass-ssh-copy"));
        ((ThreadPoolExecutor) copyPool).allowCoreThreadTimeOut(true);
        this.knownHostsWriter = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads("windlass-ssh-known-hosts"));
        ((ThreadPoolExecutor) knownHostsWriter).allowCoreThreadTimeOut(true);
        this.knownHosts = new KnownHostsStore(knownHostsFiles, knownHostsWriter);
        this.client = SshClient.setUpDefaultClient();
        client.setKeyExchangeFactories(keyExchanges(config.kexAlgorithms()));
        CoreModuleProperties.NIO_WORKERS.set(client, Math.max(1, config.ioThreads()));
        // commands have their own limits; a quiet command must not lose its connection
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.setServerKeyVerifier((session, remote, key) -> {
            AttributeRepository context = session.getConnectionContext();
            SshTarget t = context == null ? null : context.getAttribute(TARGET);
            if (t == null) {
                LOG.warn("SSH connection to {} without a target: host key refused", remote);
                return false;
            }
            KnownHostsStore.Result r = knownHosts.verify(t, key);
            context.getAttribute(HOST_KEY).set(r);
            if (r.verdict() == KnownHostsStore.Verdict.ADDED) {
                LOG.info("Node {}: {}", t.node(), r.message());
            } else if (!r.accepted()) {
                LOG.warn("Node {}: {}", t.node(), r.message());
            }
            return r.accepted();
        });
        client.start();
    }

    /**
     * @throws IllegalArgumentException naming the algorithms that are unknown or not available here
     */
    static List<org.apache.sshd.common.kex.KeyExchangeFactory> keyExchanges(String names) {
        List<String> wanted = java.util.Arrays.stream(names == null ? new String[0] : names.split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).toList();
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("kexAlgorithms in " + SshConfig.PID + " names no key exchange");
        }
        List<org.apache.sshd.common.kex.DHFactory> factories = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String n : wanted) {
            org.apache.sshd.common.kex.DHFactory f = org.apache.sshd.common.kex.BuiltinDHFactories.resolveFactory(n);
            if (f == null || !f.isSupported()) {
                unknown.add(n);
            } else {
                factories.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("kexAlgorithms in " + SshConfig.PID + ": unknown or not available here: "
                    + String.join(", ", unknown));
        }
        return factories.stream().map(org.apache.sshd.client.ClientBuilder.DH2KEX).toList();
    }

    @Deactivate
    void deactivate() {
        for (Long id : List.copyOf(executions.keySet())) {
            release(id);
        }
        try {
            client.stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the SSH client failed", e);
        }
        timer.shutdownNow();
        copyPool.shutdownNow();
        knownHostsWriter.shutdown();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- settings

    SshTarget target(String project, Node node) throws PluginException {
        return SshTarget.resolve(project, node, project == null ? Map.of() : properties(project), config);
    }

    private Map<String, String> properties(String project) {
        CachedProperties c = projectCache.get(project);
        long now = System.currentTimeMillis();
        if (c == null || now - c.at() > PROJECT_CACHE_MILLIS) {
            c = new CachedProperties(projectProperties.apply(project), now);
            projectCache.put(project, c);
        }
        return c.properties();
    }

    // ---------------------------------------------------------------- connections

    /** @return the execution's authenticated connection to the target, made when there is none */
    CompletableFuture<ClientSession> session(long executionId, SshTarget target) {
        ExecutionConnections ec = executions.computeIfAbsent(executionId, id -> new ExecutionConnections());
        SshTarget.ConnectionKey key = target.connectionKey();
        CompletableFuture<ClientSession> mine = new CompletableFuture<>();
        CompletableFuture<ClientSession> current = ec.sessions.compute(key, (k, old) -> usable(old) ? old : mine);
        if (current == mine) {
            connect(ec, target, mine);
            mine.whenComplete((s, e) -> {
                if (e != null) {
                    ec.sessions.remove(key, mine);
                }
            });
        }
        return current;
    }

    private static boolean usable(CompletableFuture<ClientSession> f) {
        if (f == null || f.isCompletedExceptionally() || f.isCancelled()) {
            return false;
        }
        return !f.isDone() || f.join().isOpen();
    }

    private void connect(ExecutionConnections ec, SshTarget t, CompletableFuture<ClientSession> result) {
        String password = null;
        List<KeyPair> keys = List.of();
        try {
            if (SshTarget.PASSWORD.equals(t.authentication())) {
                password = new String(secret(t, t.passwordStoragePath(), "password"), StandardCharsets.UTF_8);
            } else {
                keys = ec.keys.computeIfAbsent(t.credential(), c -> loadKeys(t));
            }
        } catch (KeyLoadFailure e) {
            result.completeExceptionally(e.failure);
            return;
        } catch (PluginException e) {
            result.completeExceptionally(e);
            return;
        }
        ConnectFuture cf;
        AtomicReference<KnownHostsStore.Result> hostKey = new AtomicReference<>();
        try {
            cf = client.connect(t.user(), t.host(), t.port(), AttributeRepository.ofAttributesMap(Map.of(TARGET, t, HOST_KEY, hostKey)), null);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(connectFailure(t, e));
            return;
        }
        if (!t.connectTimeout().isZero()) {
            var timeout = timer.schedule(() -> {
                if (result.completeExceptionally(new PluginException("ConnectionTimeout", "node " + t.node() + ": no SSH connection to "
                        + t.hostPort() + " within " + human(t.connectTimeout()) + " (connecting and authenticating as " + t.user() + ")"))) {
                    cf.cancel();
                    if (cf.isConnected()) {
                        cf.getSession().close(true);
                    }
                }
            }, t.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((s, e) -> timeout.cancel(false));
        }
        String pw = password;
        List<KeyPair> identities = keys;
        cf.addListener(c -> {
            if (!c.isConnected()) {
                Throwable e = c.getException();
                result.completeExceptionally(e == null ? new PluginException("ConnectionFailure", "node " + t.node()
                        + ": connecting to " + t.hostPort() + " was cancelled") : connectFailure(t, e));
                return;
            }
            ClientSession s = c.getClientSession();
            if (result.isDone()) {
                s.close(true);
                return;
            }
            if (t.keepAliveInterval() > 0) {
                CoreModuleProperties.HEARTBEAT_INTERVAL.set(s, Duration.ofSeconds(t.keepAliveInterval()));
                CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(s, t.keepAliveCountMax());
            }
            if (pw != null) {
                s.addPasswordIdentity(pw);
            }
            identities.forEach(s::addPublicKeyIdentity);
            AuthFuture af;
            try {
                af = s.auth();
            } catch (IOException | RuntimeException e) {
                s.close(true);
                result.completeExceptionally(authFailure(t, hostKey.get(), e));
                return;
            }
            af.addListener(a -> {
                if (a.isSuccess()) {
                    if (!result.complete(s)) {
                        s.close(true);
                    }
                } else {
                    s.close(true);
                    result.completeExceptionally(authFailure(t, hostKey.get(), a.getException()));
                }
            });
        });
    }

    private List<KeyPair> loadKeys(SshTarget t) {
        byte[] content = null;
        byte[] passphrase = null;
        try {
            String what;
            if (t.keyStoragePath() != null) {
                content = secret(t, t.keyStoragePath(), "private key");
                what = "the private key at " + t.keyStoragePath() + " in key storage";
            } else {
                try {
                    content = Files.readAllBytes(Path.of(t.keyPath()));
                } catch (IOException | RuntimeException e) {
                    throw new PluginException("ConfigurationFailure", "node " + t.node() + ": cannot read the private key file "
                            + t.keyPath() + " on the member: " + e);
                }
                what = "the private key file " + t.keyPath();
            }
            FilePasswordProvider provider = FilePasswordProvider.EMPTY;
            if (t.passphraseStoragePath() != null) {
                passphrase = secret(t, t.passphraseStoragePath(), "key passphrase");
                provider = FilePasswordProvider.of(new String(passphrase, StandardCharsets.UTF_8));
            }
            List<KeyPair> out = new ArrayList<>();
            try (InputStream in = new ByteArrayInputStream(content)) {
                Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(what), in, provider);
                if (pairs != null) {
                    pairs.forEach(out::add);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw new PluginException("ConfigurationFailure", "node " + t.node() + ": " + what + " cannot be read as a private key"
                        + (t.passphraseStoragePath() == null ? " (is it encrypted? set ssh-key-passphrase-storage-path)"
                        : " with the passphrase at " + t.passphraseStoragePath()) + ": " + e.getMessage());
            }
            if (out.isEmpty()) {
                throw new PluginException("ConfigurationFailure", "node " + t.node() + ": " + what + " holds no private key");
            }
            return List.copyOf(out);
        } catch (PluginException e) {
            throw new KeyLoadFailure(e);
        } finally {
            if (content != null) {
                Arrays.fill(content, (byte) 0);
            }
            if (passphrase != null) {
                Arrays.fill(passphrase, (byte) 0);
            }
        }
    }

    /** Carries a PluginException out of computeIfAbsent. */
    private static final class KeyLoadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient PluginException failure;

        KeyLoadFailure(PluginException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private byte[] secret(SshTarget t, String path, String what) throws PluginException {
        try {
            return secrets.read(path);
        } catch (KeyNotFoundException e) {
            throw new PluginException("ConfigurationFailure", "node " + t.node() + ": there is no " + what + " at " + path + " in key storage");
        } catch (RuntimeException e) {
            throw new PluginException("ConfigurationFailure", "node " + t.node() + ": cannot read the " + what + " at " + path
                    + " from key storage: " + e.getMessage(), e);
        }
    }

    private static PluginException connectFailure(SshTarget t, Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            if (c instanceof ConnectException || c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                break;
            }
            c = c.getCause();
        }
        String node = "node " + t.node() + ": ";
        if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
            return new PluginException("UnknownHost", node + "unknown host '" + t.host() + "' (the name does not resolve)", e);
        }
        if (c instanceof NoRouteToHostException) {
            return new PluginException("ConnectionFailure", node + "no route to " + t.hostPort(), e);
        }
        if (c instanceof ConnectException) {
            return new PluginException("ConnectionFailure", node + "connection refused by " + t.hostPort()
                    + " (no SSH server listening there?)", e);
        }
        return new PluginException("ConnectionFailure", node + "cannot connect to " + t.hostPort() + ": " + e, e);
    }

    private static PluginException authFailure(SshTarget t, KnownHostsStore.Result hk, Throwable e) {
        if (hk != null && !hk.accepted()) {
            return new PluginException("HostKeyVerification", "node " + t.node() + ": " + hk.message(), e);
        }
        if (hk == null) {
            // closed before the host key was seen: the server hung up or spoke no SSH
            return new PluginException("ConnectionFailure", "node " + t.node() + ": " + t.hostPort()
                    + " closed the connection before the SSH handshake finished" + (e == null ? "" : ": " + e.getMessage()), e);
        }
        return new PluginException("AuthenticationFailure", "node " + t.node() + ": authentication as " + t.user() + " on "
                + t.hostPort() + " failed with the " + t.credentialDescription()
                + (e == null || e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
    }

    /** Closes the connections of an execution that has ended. */
    void release(long executionId) {
        ExecutionConnections ec = executions.remove(executionId);
        if (ec == null) {
            return;
        }
        ec.keys.clear();
        for (CompletableFuture<ClientSession> f : ec.sessions.values()) {
            f.cancel(false);
            f.whenComplete((s, e) -> {
                if (s != null) {
                    s.close(false);
                }
            });
        }
    }

    /** @return the open connections of an execution (for tests and the status of the plugin) */
    int connections(long executionId) {
        ExecutionConnections ec = executions.get(executionId);
        return ec == null ? 0 : (int) ec.sessions.values().stream().filter(SshConnector::usable).count();
    }

    // ---------------------------------------------------------------- commands

    CompletableFuture<Integer> execute(NodeExecutor.Request request, OutputSink output) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        SshTarget t;
        try {
            t = target(request.project(), request.node());
        } catch (PluginException e) {
            result.completeExceptionally(e);
            return result;
        }
        String commandLine = commandLine(request.command());
        Duration limit = request.timeout() != null && !request.timeout().isZero() ? request.timeout() : t.commandTimeout();
        session(request.executionId(), t).whenComplete((s, e) -> {
            if (e != null) {
                result.completeExceptionally(unwrap(e));
                return;
            }
            if (result.isDone()) {
                return;
            }
            run(s, t, commandLine, request.environment(), limit, output, result);
        });
        return result;
    }

    private void run(ClientSession s, SshTarget t, String commandLine, Map<String, String> env, Duration limit,
                     OutputSink output, CompletableFuture<Integer> result) {
        ChannelExec ch;
        try {
            ch = s.createExecChannel(commandLine, null, env);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(new PluginException("ConnectionFailure", "node " + t.node()
                    + ": cannot open a channel on the connection to " + t.hostPort() + ": " + e.getMessage(), e));
            return;
        }
        LineSplitter out = new LineSplitter(output::stdout);
        LineSplitter err = new LineSplitter(output::stderr);
        ch.setOut(new SplitterStream(out));
        ch.setErr(new SplitterStream(err));
        ch.addCloseFutureListener(closed -> {
            synchronized (out) {
                out.finish();
            }
            synchronized (err) {
                err.finish();
            }
            Integer status = ch.getExitStatus();
            if (status != null) {
                result.complete(status);
            } else if (ch.getExitSignal() != null) {
                result.completeExceptionally(new PluginException("NonZeroResultCode", "node " + t.node()
                        + ": the command was killed by signal " + ch.getExitSignal()));
            } else {
                result.completeExceptionally(new PluginException("ConnectionFailure", "node " + t.node()
                        + ": the connection to " + t.hostPort() + " ended before the command reported its exit status"));
            }
        });
        if (!limit.isZero()) {
            var timeout = timer.schedule(() -> {
                if (result.completeExceptionally(new PluginException("Timeout", "node " + t.node()
                        + ": the command did not finish within " + human(limit)))) {
                    stop(ch);
                }
            }, limit.toMillis(), TimeUnit.MILLISECONDS);
            result.whenComplete((v, e) -> timeout.cancel(false));
        }
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                stop(ch);
            }
        });
        try {
            ch.open().addListener(opened -> {
                if (!opened.isOpened()) {
                    Throwable e = opened.getException();
                    result.completeExceptionally(new PluginException("ConnectionFailure", "node " + t.node()
                            + ": the server refused to run the command" + (e == null ? "" : ": " + e.getMessage()), e));
                    ch.close(true);
                    return;
                }
                try {
                    ch.getInvertedIn().close(); // the command reads no input: end of file at once
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Node {}: closing the command's input failed", t.node(), e);
                }
            });
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(new PluginException("ConnectionFailure", "node " + t.node()
                    + ": cannot start the command: " + e.getMessage(), e));
            ch.close(true);
        }
    }

    /** Asks the remote command to stop (signal TERM, where the server supports it), then closes its channel. */
    private static void stop(ChannelExec ch) {
        try {
            if (ch.isOpen() && ch.getRecipient() >= 0) {
                Buffer b = ch.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
                b.putUInt(ch.getRecipient());
                b.putString("signal");
                b.putBoolean(false);
                b.putString("TERM");
                ch.writePacket(b);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Sending TERM to a command failed", e);
        }
        ch.close(false);
    }

    /** The command as one line for the remote shell: every argument single-quoted. */
    static String commandLine(List<String> command) {
        StringBuilder b = new StringBuilder();
        for (String arg : command) {
            if (b.length() > 0) {
                b.append(' ');
            }
            if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "/._-+=:,@%".indexOf(c) >= 0)) {
                b.append(arg);
            } else {
                b.append('\'').append(arg.replace("'", "'\\''")).append('\'');
            }
        }
        return b.toString();
    }

    /** Delivers a channel's bytes to a line splitter, on the I/O thread that received them. */
    private static final class SplitterStream extends OutputStream {
        private final LineSplitter splitter;

        SplitterStream(LineSplitter splitter) {
            this.splitter = splitter;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (splitter) {
                splitter.feed(b, off, len);
            }
        }
    }

    // ---------------------------------------------------------------- files

    CompletableFuture<String> copy(String project, long executionId, Node node, Path source, String remotePath) {
        return onCopyPool(node, () -> {
            SshTarget t = target(project, node);
            if (!Files.isRegularFile(source)) {
                throw new PluginException("FileNotFound", "node " + node.name() + ": cannot copy " + source + ": it is not a readable file");
            }
            ClientSession s = await(session(executionId, t));
            String path = remotePath != null ? remotePath : t.remoteTmpDir() + "/wl-" + executionId + "-"
                    + HexFormat.of().formatHex(randomBytes()) + "-" + source.getFileName();
            ExecutionConnections ec = executions.get(executionId);
            boolean sftp = ec == null || !ec.noSftp.contains(t.connectionKey());
            if (sftp) {
                SftpClient client;
                try {
                    client = SftpClientFactory.instance().createSftpClient(s);
                } catch (IOException | RuntimeException e) {
                    LOG.info("Node {}: no SFTP on {} ({}); copying with SCP", node.name(), t.hostPort(), e.getMessage());
                    if (ec != null) {
                        ec.noSftp.add(t.connectionKey());
                    }
                    client = null;
                }
                if (client != null) {
                    try (SftpClient c = client) {
                        sftpUpload(c, t, source, path, remotePath == null);
                        return path;
                    } catch (IOException | RuntimeException e) {
                        throw new PluginException("FileCopyFailure", "node " + node.name() + ": cannot copy " + source.getFileName()
                                + " to " + path + " over SFTP: " + e.getMessage(), e);
                    }
                }
            }
            try {
                ScpClient scp = ScpClientCreator.instance().createScpClient(s);
                scp.upload(source, path, ScpClient.Option.PreserveAttributes);
                return path;
            } catch (IOException | RuntimeException e) {
                throw new PluginException("FileCopyFailure", "node " + node.name() + ": cannot copy " + source.getFileName()
                        + " to " + path + " (SFTP is not available, SCP failed): " + e.getMessage(), e);
            }
        });
    }

    private static void sftpUpload(SftpClient c, SshTarget t, Path source, String path, boolean exclusive) throws IOException {
        EnumSet<SftpClient.OpenMode> modes = exclusive
                ? EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Exclusive)
                : EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate);
        try (SftpClient.CloseableHandle h = c.open(path, modes)) {
            // private before any content arrives, whatever the server's umask
            c.setStat(h, new SftpClient.Attributes().perms(0700));
            byte[] buf = new byte[32 * 1024];
            long offset = 0;
            try (InputStream in = Files.newInputStream(source)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    c.write(h, offset, buf, 0, n);
                    offset += n;
                }
            }
        }
    }

    CompletableFuture<Void> remove(String project, long executionId, Node node, String remotePath) {
        return onCopyPool(node, () -> {
            SshTarget t = target(project, node);
            ClientSession s = await(session(executionId, t));
            ExecutionConnections ec = executions.get(executionId);
            if (ec == null || !ec.noSftp.contains(t.connectionKey())) {
                try (SftpClient c = SftpClientFactory.instance().createSftpClient(s)) {
                    c.remove(remotePath);
                    return null;
                } catch (SftpException e) {
                    if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                        return null;
                    }
                    throw new PluginException("FileCopyFailure", "node " + node.name() + ": cannot remove " + remotePath + ": " + e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Node {}: SFTP remove failed; trying rm", node.name(), e);
                }
            }
            CompletableFuture<Integer> rm = new CompletableFuture<>();
            StringBuilder err = new StringBuilder();
            run(s, t, commandLine(List.of("rm", "-f", "--", remotePath)), Map.of(), Duration.ofSeconds(30), new OutputSink() {
                @Override
                public void stdout(String line) {
                }

                @Override
                public void stderr(String line) {
                    synchronized (err) {
                        err.append(line).append(' ');
                    }
                }
            }, rm);
            int code = await(rm);
            if (code != 0) {
                throw new PluginException("FileCopyFailure", "node " + node.name() + ": rm " + remotePath + " exited " + code + ": " + err);
            }
            return null;
        });
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private static <T> T await(CompletableFuture<T> f) throws PluginException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("Interrupted", "interrupted while waiting for the SSH connection");
        } catch (ExecutionException e) {
            Throwable c = unwrap(e);
            if (c instanceof PluginException p) {
                throw p;
            }
            throw new PluginException("ConnectionFailure", String.valueOf(c), c);
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    private <T> CompletableFuture<T> onCopyPool(Node node, Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            copyPool.execute(() -> {
                if (result.isDone()) {
                    return;
                }
                try {
                    result.complete(task.run());
                } catch (PluginException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PluginException("ExecutorStopped", "node " + node.name() + ": the SSH plugin is stopped"));
        }
        return result;
    }

    @FunctionalInterface
    private interface Task<T> {
        T run() throws PluginException;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + " ms";
        }
        long s = ms / 1000;
        return s % 60 == 0 && s >= 60 ? (s / 60) + " min" : s + " s";
    }
}

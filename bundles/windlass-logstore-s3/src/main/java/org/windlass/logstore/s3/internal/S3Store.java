package org.windlass.logstore.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.Execution;
import org.windlass.api.LogEvent;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.PluginException;
import org.windlass.api.storage.SecretResolver;
import org.windlass.logstore.file.RdlogDirectory;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Execution logs in S3 (or an S3-compatible store), never lost on the way.
 *
 * <p><b>Writing.</b> The executing member writes the log to its local spool first (an rdlog file,
 * {@link RdlogDirectory}), so an append is durable locally whatever S3 does. In {@code checkpoint}
 * mode what has been written since the last piece is uploaded every {@code checkpointIntervalMillis}
 * (or at once after {@code checkpointBytes}) as the object {@code KEY.parts/OFFSET}. When the
 * execution ends, the whole spool file is uploaded as {@code KEY} and the pieces are deleted.
 *
 * <p><b>Never lost.</b> A log waiting for its final upload has a marker file in the spool's
 * {@code pending/} directory (its state is {@link LogStore.State#PENDING}); uploads are retried with
 * a growing delay (at most {@code retryMaxDelay}) until they succeed, with no retry limit; at start
 * every pending marker is queued again, {@code uploadThreads} uploading at once.
 *
 * <p><b>Reading.</b> A log in this member's spool is read from there. Any other is read from S3
 * through a local cache file: the final object when it exists, else the pieces uploaded so far,
 * appended in order, so that another member can follow a running execution. Offsets are byte
 * offsets into the same rdlog bytes everywhere.
 */
final class S3Store implements LogStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    private static final String PARTS = ".parts/";
    private static final long REFRESH_NANOS = 150_000_000L;

    private final String name;
    private final String bucket;
    private final String template;
    private final boolean checkpoint;
    private final long checkpointMillis;
    private final long checkpointBytes;
    private final Duration retention;
    private final Duration retryMax;
    private final Function<Long, Optional<Execution>> executions;
    private final S3Client s3;
    private final RdlogDirectory spool;
    private final RdlogDirectory cache;
    private final Path pendingDir;
    private final Path doneDir;
    private final ScheduledThreadPoolExecutor uploader;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<Long, String> keys = new ConcurrentHashMap<>();
    private final Map<Long, Checkpoint> checkpoints = new ConcurrentHashMap<>();
    private final Set<Long> uploading = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> refreshed = new ConcurrentHashMap<>();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastError;

    S3Store(S3Config config, Function<Long, Optional<Execution>> executions, S3Client s3, Path spoolDir) {
        this.name = config.windlass_plugin_name();
        this.bucket = require(config.bucket(), "bucket");
        this.template = require(config.pathTemplate(), "pathTemplate");
        String mode = config.mode() == null ? "" : config.mode().trim();
        if (!mode.equals("store") && !mode.equals("checkpoint")) {
            throw new IllegalArgumentException(where() + ": mode '" + config.mode() + "' is neither store nor checkpoint");
        }
        this.checkpoint = mode.equals("checkpoint");
        this.checkpointMillis = Math.max(50, config.checkpointIntervalMillis());
        this.checkpointBytes = Math.max(1024, config.checkpointBytes());
        this.retention = duration(config.spoolRetention(), "spoolRetention");
        this.retryMax = duration(config.retryMaxDelay(), "retryMaxDelay");
        this.executions = executions;
        this.s3 = s3;
        this.spool = new RdlogDirectory(spoolDir.resolve("logs"));
        this.cache = new RdlogDirectory(spoolDir.resolve("cache"));
        this.pendingDir = spoolDir.resolve("pending");
        this.doneDir = spoolDir.resolve("done");
        try {
            Files.createDirectories(pendingDir);
            Files.createDirectories(doneDir);
        } catch (IOException e) {
            throw new IllegalStateException(where() + ": cannot create the spool in " + spoolDir + ": " + e, e);
        }
        AtomicInteger n = new AtomicInteger();
        this.uploader = new ScheduledThreadPoolExecutor(Math.max(1, config.uploadThreads()), r -> daemon(r, "windlass-s3-upload-" + n.incrementAndGet()));
        this.timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "windlass-s3-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        int backlog = requeuePending();
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.MINUTES);
        timer.execute(this::checkBucket);
        LOG.info("S3 log store '{}': bucket {}, {} mode, spool {}{}", name, bucket, checkpoint ? "checkpoint" : "store", spoolDir,
                backlog > 0 ? ", " + backlog + " log(s) waiting for upload resumed" : "");
    }

    private String where() {
        return "S3 log store '" + name + "' (" + S3Config.FACTORY_PID + ")";
    }

    private String require(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where() + ": " + setting + " is not set");
        }
        return value.trim();
    }

    private Duration duration(String text, String setting) {
        try {
            return ApiTokenService.parseDuration(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where() + ": " + setting + " '" + text + "' is not a duration such as 1h or 30s");
        }
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    static Path spoolDir(S3Config config) {
        if (config.spoolDir() != null && !config.spoolDir().isBlank()) {
            return Path.of(config.spoolDir().trim());
        }
        String data = System.getProperty("karaf.data");
        Path base = data == null ? Path.of(System.getProperty("java.io.tmpdir"), "windlass-s3") : Path.of(data, "windlass", "s3");
        return base.resolve(config.windlass_plugin_name());
    }

    /** The S3 client, built with this bundle's class loader (the SDK looks up its parts through it). */
    static S3Client client(S3Config config, SecretResolver secrets) {
        AwsCredentialsProvider credentials;
        String ak = config.accessKeyStoragePath() == null ? "" : config.accessKeyStoragePath().trim();
        String sk = config.secretKeyStoragePath() == null ? "" : config.secretKeyStoragePath().trim();
        if (ak.isEmpty() != sk.isEmpty()) {
            throw new IllegalArgumentException("S3 log store '" + config.windlass_plugin_name()
                    + "': set both accessKeyStoragePath and secretKeyStoragePath, or neither (the SDK's default credentials)");
        }
        if (!ak.isEmpty()) {
            credentials = new KeyStorageCredentials(secrets, ak, sk);
        } else {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(S3Store.class.getClassLoader());
        try {
            var b = S3Client.builder()
                    .region(Region.of(config.region().trim()))
                    .credentialsProvider(credentials)
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                            .socketTimeout(Duration.ofSeconds(30)).build())
                    .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyleAccess()).build())
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)));
            if (config.endpoint() != null && !config.endpoint().isBlank()) {
                URI endpoint;
                try {
                    endpoint = URI.create(config.endpoint().trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("S3 log store '" + config.windlass_plugin_name() + "': endpoint '"
                            + config.endpoint() + "' is not a URL");
                }
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("S3 log store '" + config.windlass_plugin_name() + "': endpoint '"
                            + config.endpoint() + "' is not a URL such as http://host:9000");
                }
                b.endpointOverride(endpoint);
            }
            return b.build();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** Checks that the bucket answers; a wrong bucket, endpoint or credential is logged and kept for the status. */
    private void checkBucket() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            lastError = null;
        } catch (SdkException e) {
            lastError = "bucket " + bucket + " cannot be reached: " + describe(e);
            LOG.error("{}: {}; logs are spooled locally and uploaded when it is", where(), lastError);
        }
    }

    static String describe(SdkException e) {
        if (e instanceof S3Exception s) {
            int code = s.statusCode();
            String what = code == 404 ? "no such bucket" : code == 403 ? "access denied (wrong credentials or no permission)"
                    : "HTTP " + code;
            return what + (s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null
                    ? " (" + s.awsErrorDetails().errorCode() + ")" : "");
        }
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return e.getMessage() + (c != e ? " [" + c + "]" : "");
    }

    void deactivate() {
        checkpoints.values().forEach(Checkpoint::stop);
        timer.shutdownNow();
        uploader.shutdownNow();
        s3.close();
    }

    // ---------------------------------------------------------------- keys

    String key(long executionId) {
        return keys.computeIfAbsent(executionId, id -> {
            Optional<Execution> e = executions.apply(id);
            String project = e.map(Execution::project).orElse("unknown");
            return template.replace("${job.project}", project)
                    .replace("${job.execid}", Long.toString(id))
                    .replace("${job.id}", e.map(Execution::jobId).filter(v -> v != null).orElse("adhoc"))
                    .replace("${job.group}", e.map(Execution::jobGroup).filter(v -> v != null).orElse(""))
                    .replace("${job.name}", e.map(Execution::jobName).filter(v -> v != null).orElse("adhoc"))
                    .replaceAll("/{2,}", "/").replaceAll("^/", "");
        });
    }

    // ---------------------------------------------------------------- writing

    @Override
    public Writer open(long executionId) throws PluginException {
        String key = key(executionId);
        Writer w = spool.open(executionId);
        Checkpoint c = checkpoint ? new Checkpoint(executionId, key) : null;
        if (c != null) {
            checkpoints.put(executionId, c);
        }
        return new Writer() {
            private long sinceCheckpoint;

            @Override
            public void append(LogEvent event) throws PluginException {
                w.append(event);
                if (c != null) {
                    sinceCheckpoint += 128 + event.message().length();
                    if (sinceCheckpoint >= checkpointBytes) {
                        sinceCheckpoint = 0;
                        c.soon();
                    }
                }
            }

            @Override
            public void complete() throws PluginException {
                w.complete();
                if (c != null) {
                    c.stop();
                    checkpoints.remove(executionId, c);
                }
                queueUpload(executionId, key);
            }

            @Override
            public void close() {
                w.close();
                if (c != null) {
                    c.stop();
                    checkpoints.remove(executionId, c);
                }
            }
        };
    }

    /** Uploads the spool's new bytes of a running execution as pieces. */
    private final class Checkpoint {
        private final long id;
        private final String key;
        private final ScheduledFuture<?> task;
        private long done;

        Checkpoint(long id, String key) {
            this.id = id;
            this.key = key;
            this.task = timer.scheduleWithFixedDelay(() -> uploader.execute(this::flush), checkpointMillis, checkpointMillis, TimeUnit.MILLISECONDS);
        }

        void soon() {
            uploader.execute(this::flush);
        }

        void stop() {
            task.cancel(false);
        }

        synchronized void flush() {
            try {
                long size = spool.size(id);
                while (done < size) {
                    int n = (int) Math.min(size - done, 8L * 1024 * 1024);
                    ByteBuffer buf = ByteBuffer.allocate(n);
                    try (FileChannel ch = FileChannel.open(spool.path(id), StandardOpenOption.READ)) {
                        while (buf.hasRemaining() && ch.read(buf, done + buf.position()) > 0) {
                            // reads until the piece is full
                        }
                    }
                    buf.flip();
                    s3.putObject(r -> r.bucket(bucket).key(key + PARTS + String.format("%020d", done)), RequestBody.fromByteBuffer(buf));
                    done += buf.limit();
                }
            } catch (IOException | PluginException | SdkException e) {
                // the next checkpoint tries again; the final upload takes the whole spool file anyway
                LOG.debug("{}: checkpoint of execution {} failed: {}", where(), id, e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- the durable upload queue

    private void queueUpload(long id, String key) throws PluginException {
        try {
            Files.writeString(pendingDir.resolve(Long.toString(id)), key, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PluginException("SpoolFailure", where() + ": cannot queue the upload of execution " + id + ": " + e, e);
        }
        submit(id, key, 0);
    }

    private void submit(long id, String key, int attempt) {
        if (attempt == 0 && !uploading.add(id)) {
            return;
        }
        long delay = attempt == 0 ? 0 : Math.min(retryMax.toMillis(), 1000L << Math.min(attempt - 1, 16));
        try {
            uploader.schedule(() -> upload(id, key, attempt), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            uploading.remove(id);
        }
    }

    private void upload(long id, String key, int attempt) {
        try {
            Path file = spool.path(id);
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("text/x-rundeck-log-v2.0"), RequestBody.fromFile(file));
            deleteParts(key);
            Files.writeString(doneDir.resolve(Long.toString(id)), key, StandardCharsets.UTF_8);
            Files.deleteIfExists(pendingDir.resolve(Long.toString(id)));
            uploading.remove(id);
            uploaded.incrementAndGet();
            if (attempt > 0) {
                LOG.info("{}: log of execution {} uploaded after {} attempt(s)", where(), id, attempt + 1);
            }
            lastError = null;
        } catch (IOException | PluginException | SdkException e) {
            failures.incrementAndGet();
            lastError = "upload of execution " + id + " failed: " + (e instanceof SdkException s ? describe(s) : e.toString());
            if (attempt == 0 || attempt % 10 == 0) {
                LOG.warn("{}: {}; it stays in the spool and is retried (attempt {})", where(), lastError, attempt + 1);
            }
            submit(id, key, attempt + 1);
        }
    }

    private void deleteParts(String key) {
        List<String> parts = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(key + PARTS)).contents().forEach(o -> parts.add(o.key()));
        for (String p : parts) {
            s3.deleteObject(r -> r.bucket(bucket).key(p));
        }
    }

    /** @return how many pending uploads were queued again */
    private int requeuePending() {
        int n = 0;
        try (Stream<Path> files = Files.list(pendingDir)) {
            for (Path p : files.toList()) {
                long id = Long.parseLong(p.getFileName().toString());
                String key = Files.readString(p, StandardCharsets.UTF_8).trim();
                keys.put(id, key);
                submit(id, key, 0);
                n++;
            }
        } catch (IOException | NumberFormatException e) {
            LOG.error("{}: cannot read the pending uploads in {}", where(), pendingDir, e);
        }
        return n;
    }

    /** Removes spool files uploaded longer than the retention ago, and old cache files. */
    void sweep() {
        Instant before = Instant.now().minus(retention);
        try (Stream<Path> done = Files.list(doneDir)) {
            for (Path p : done.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    long id = Long.parseLong(p.getFileName().toString());
                    spool.delete(id);
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | NumberFormatException | PluginException e) {
            LOG.warn("{}: spool clean-up failed: {}", where(), e.toString());
        }
        try (Stream<Path> files = Files.walk(cache.dir())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("{}: cache clean-up failed: {}", where(), e.toString());
        }
    }

    /** @return logs waiting for their final upload */
    List<Long> pending() {
        try (Stream<Path> files = Files.list(pendingDir)) {
            return files.map(p -> Long.parseLong(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Status status() {
        return new Status(uploaded.get(), failures.get(), pending(), lastError);
    }

    @Override
    public int resumePending() {
        return resume();
    }

    /** Retries every pending upload now. */
    int resume() {
        List<Long> ids = pending();
        for (long id : ids) {
            uploading.remove(id);
            submit(id, key(id), 0);
        }
        return ids.size();
    }

    long uploadedCount() {
        return uploaded.get();
    }

    long failureCount() {
        return failures.get();
    }

    String lastError() {
        return lastError;
    }

    // ---------------------------------------------------------------- reading

    private boolean local(long id) throws PluginException {
        return spool.state(id) != State.NOT_FOUND;
    }

    @Override
    public Slice read(long executionId, long offset, int maxEvents) throws PluginException {
        if (local(executionId)) {
            return spool.read(executionId, offset, maxEvents);
        }
        fetch(executionId);
        return cache.read(executionId, offset, maxEvents);
    }

    @Override
    public Slice readLast(long executionId, int maxEvents) throws PluginException {
        if (local(executionId)) {
            return spool.readLast(executionId, maxEvents);
        }
        fetch(executionId);
        return cache.readLast(executionId, maxEvents);
    }

    @Override
    public long size(long executionId) throws PluginException {
        if (local(executionId)) {
            return spool.size(executionId);
        }
        fetch(executionId);
        return cache.size(executionId);
    }

    @Override
    public State state(long executionId) throws PluginException {
        State s = spool.state(executionId);
        if (s == State.COMPLETE && Files.exists(pendingDir.resolve(Long.toString(executionId)))) {
            return State.PENDING;
        }
        if (s != State.NOT_FOUND) {
            return s;
        }
        fetch(executionId);
        return cache.state(executionId);
    }

    /** Brings the cache of a log stored elsewhere up to date with S3 (at most every 150 ms per log). */
    private void fetch(long id) throws PluginException {
        if (cache.state(id) == State.COMPLETE) {
            return;
        }
        long now = System.nanoTime();
        Long last = refreshed.get(id);
        if (last != null && now - last < REFRESH_NANOS) {
            return;
        }
        refreshed.put(id, now);
        String key = key(id);
        Path file = cache.path(id);
        try {
            Files.createDirectories(file.getParent());
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (NoSuchKeyException missing) {
                // not complete yet: the pieces uploaded so far
            }
            long have = Files.exists(file) ? Files.size(file) : 0;
            List<S3Object> parts = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(key + PARTS)).contents().forEach(o -> {
                // only our pieces (20-digit offsets): some stores list a piece's upload in progress under another name
                if (o.key().substring(o.key().lastIndexOf('/') + 1).matches("\\d{20}")) {
                    parts.add(o);
                }
            });
            parts.sort(Comparator.comparing(S3Object::key));
            for (S3Object p : parts) {
                long start = Long.parseLong(p.key().substring(p.key().lastIndexOf('/') + 1));
                long end = start + p.size();
                if (end <= have || start > have) {
                    continue;
                }
                long skip = have - start;
                try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(p.key()).range("bytes=" + skip + "-"));
                     OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    have += in.transferTo(out);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new PluginException("ReadFailure", where() + ": cannot read the log of execution " + id + " from S3: " + e, e);
        } catch (SdkException e) {
            throw new PluginException("StoreUnavailable", where() + ": cannot read the log of execution " + id
                    + " from bucket " + bucket + ": " + describe(e), e);
        }
    }

    @Override
    public void delete(long executionId) throws PluginException {
        String key = key(executionId);
        spool.delete(executionId);
        cache.delete(executionId);
        try {
            Files.deleteIfExists(pendingDir.resolve(Long.toString(executionId)));
            Files.deleteIfExists(doneDir.resolve(Long.toString(executionId)));
            s3.deleteObject(r -> r.bucket(bucket).key(key));
            deleteParts(key);
        } catch (IOException e) {
            throw new PluginException("DeleteFailure", where() + ": cannot delete the log of execution " + executionId + ": " + e, e);
        } catch (SdkException e) {
            throw new PluginException("StoreUnavailable", where() + ": cannot delete " + key + " from bucket " + bucket + ": "
                    + describe(e), e);
        }
        keys.remove(executionId);
    }
}

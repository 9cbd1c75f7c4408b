package org.windlass.executor.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.windlass.api.Node;
import org.windlass.api.spi.FileCopier;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/**
 * The {@code local} file copier: copies a script into a private file of the member (owner-only
 * {@code rwx------}), by default {@code wl-<executionId>-<random>-<file name>} in {@code tmpDir}.
 * The file is created exclusively (never through an existing file or link), with its permissions
 * set atomically where the file system supports POSIX permissions. Configured by the same PID as
 * {@link LocalNodeExecutor}.
 */
@Component(service = FileCopier.class, configurationPid = LocalConfig.PID)
@WindlassPlugin(type = FileCopier.TYPE, name = "local")
public class LocalFileCopier implements FileCopier {

    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path tmpDir;
    private final ExecutorService executor;

    @Activate
    public LocalFileCopier(LocalConfig config) {
        this(defaultTmpDir(config.tmpDir()));
    }

    LocalFileCopier(Path tmpDir) {
        this.tmpDir = tmpDir;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "windlass-local-copy-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @return the configured directory, else {@code ${karaf.data}/windlass/tmp}, else {@code java.io.tmpdir} */
    static Path defaultTmpDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "windlass", "tmp");
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    Path tmpDir() {
        return tmpDir;
    }

    @Override
    public CompletableFuture<String> copy(long executionId, Node node, Path source, String remotePath) {
        return async(() -> copyNow(executionId, node, source, remotePath));
    }

    @Override
    public CompletableFuture<Void> remove(long executionId, Node node, String remotePath) {
        return async(() -> {
            try {
                Files.deleteIfExists(Path.of(remotePath));
                return null;
            } catch (IOException | RuntimeException e) {
                throw new PluginException("IOError", "execution " + executionId + ", node " + node.name()
                        + ": cannot remove " + remotePath + ": " + e.getMessage(), e);
            }
        });
    }

    private String copyNow(long executionId, Node node, Path source, String remotePath) throws PluginException {
        String where = "execution " + executionId + ", node " + node.name() + ": cannot copy " + source;
        if (!Files.isRegularFile(source)) {
            throw new PluginException("FileNotFound", where + ": it is not a readable file");
        }
        Path target;
        try {
            if (remotePath != null) {
                target = Path.of(remotePath);
                Files.deleteIfExists(target);
                createPrivate(target);
            } else {
                target = createInTmpDir(executionId, source);
            }
        } catch (IOException | RuntimeException e) {
            throw new PluginException("IOError", where + " to " + (remotePath != null ? remotePath : tmpDir) + ": "
                    + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(source);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new PluginException("IOError", where + " to " + target + ": " + e.getMessage(), e);
        }
        return target.toString();
    }

    private Path createInTmpDir(long executionId, Path source) throws IOException {
        if (!Files.isDirectory(tmpDir)) {
            if (supportsPosix(tmpDir.toAbsolutePath().getRoot())) {
                Files.createDirectories(tmpDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectories(tmpDir);
            }
        }
        String name = source.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            Path target = tmpDir.resolve("wl-" + executionId + "-" + HexFormat.of().formatHex(random) + "-" + name);
            try {
                createPrivate(target);
                return target;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Creates the file exclusively, owner-only. */
    private static void createPrivate(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the directory does not exist");
        }
        if (supportsPosix(dir)) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            Files.createFile(target, attr);
            // the umask may have removed bits: set them exactly
            Files.setPosixFilePermissions(target, OWNER_ONLY);
        } else {
            Files.createFile(target);
            java.io.File f = target.toFile();
            boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                    & f.setWritable(false, false) & f.setWritable(true, true)
                    & f.setExecutable(false, false) & f.setExecutable(true, true);
            if (!ok) {
                throw new IOException("cannot make " + target + " private to its owner");
            }
        }
    }

    private static boolean supportsPosix(Path path) {
        return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    private <T> CompletableFuture<T> async(Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.run());
                } catch (PluginException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new PluginException("ExecutorStopped", "the local file copier is stopped"));
        }
        return result;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }

    @FunctionalInterface
    private interface Task<T> {
        T run() throws PluginException;
    }
}

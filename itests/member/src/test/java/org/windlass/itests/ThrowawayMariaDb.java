package org.windlass.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server of the test's own, on its own data directory and port, that a test can stop
 * and start again to play a database outage. Runs Debian's mariadbd.
 */
final class ThrowawayMariaDb {

    final Path dataDir;
    final int port;

    ThrowawayMariaDb(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    static ThrowawayMariaDb create(Path dataDir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Process p = new ProcessBuilder("mariadb-install-db", "--no-defaults", "--datadir=" + dataDir, "--user=" + user(),
                "--auth-root-authentication-method=normal", "--skip-test-db")
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("install-db.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mariadb-install-db failed, see " + dataDir.resolveSibling("install-db.log"));
        }
        return new ThrowawayMariaDb(dataDir, port);
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    List<String> command() {
        return List.of("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + dataDir, "--port=" + port,
                "--bind-address=127.0.0.1", "--socket=" + dataDir.resolve("mysqld.sock"),
                "--pid-file=" + dataDir.resolve("mysqld.pid"), "--user=" + user(), "--skip-grant-tables",
                "--innodb-buffer-pool-size=32M", "--log-error=" + dataDir.resolveSibling("mariadbd.log"));
    }

    /** Starts the server and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        Process server = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling("mariadbd.out").toFile())).start();
        org.awaitility.Awaitility.await("the throw-away MariaDB on port " + port)
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                .until(() -> {
                    if (!server.isAlive()) {
                        throw new IllegalStateException("mariadbd exited with " + server.exitValue() + ", see " + dataDir.resolveSibling("mariadbd.log"));
                    }
                    org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/");
                    ds.setUser("root");
                    try (Connection c = ds.getConnection()) {
                        return c.isValid(5);
                    }
                });
    }

    /** Stops the server (SIGTERM, then SIGKILL after 30 s) and waits until it is gone. */
    void stop() throws IOException {
        Path pidFile = dataDir.resolve("mysqld.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> {
                h.destroyForcibly();
                return h;
            }).join();
        });
    }
}

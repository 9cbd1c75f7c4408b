package org.windlass.itests;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * Debian's OpenSSH server on loopback, started by a test with its own configuration, host key and
 * authorized keys in a directory of its own, on a port of the test's choosing. It logs in a test
 * account ({@link #USER}, created when missing, its password set by the test) by key or password,
 * serves SFTP (internal-sftp) unless told not to, and passes RD_* environment variables on.
 * Needs root (sshd must read /etc/shadow and switch to the account).
 */
final class OpenSshServer implements AutoCloseable {

    static final String USER = "wlssh";
    static final String SSHD = "/usr/sbin/sshd";

    final Path dir;
    final int port;
    private Process process;

    OpenSshServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Creates the test account when it is missing and sets its password. */
    static void ensureUser(String password) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the SSH tests start OpenSSH's sshd and need root (they run as "
                    + System.getProperty("user.name") + ")");
        }
        if (run("id", USER) != 0 && run("useradd", "--create-home", "--shell", "/bin/sh", USER) != 0) {
            throw new IllegalStateException("useradd " + USER + " failed");
        }
        Process p = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
        p.getOutputStream().write((USER + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("chpasswd failed: " + out);
        }
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Generates a key pair with ssh-keygen; returns the private key file. */
    static Path keygen(Path file, String type, String passphrase) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", "windlass-test", "-f", file.toString()));
        if (type.equals("rsa")) {
            cmd.addAll(List.of("-b", "2048"));
        }
        if (run(cmd.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("ssh-keygen " + type + " failed");
        }
        return file;
    }

    /** Writes a new host key (replacing the old one): the server has another identity at its next start. */
    void newHostKey() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("host_ed25519"));
        Files.deleteIfExists(dir.resolve("host_ed25519.pub"));
        keygen(dir.resolve("host_ed25519"), "ed25519", "");
    }

    void start(List<Path> authorizedPublicKeys, boolean sftp) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.createDirectories(Path.of("/run/sshd"));
        if (!Files.exists(dir.resolve("host_ed25519"))) {
            newHostKey();
        }
        StringBuilder keys = new StringBuilder();
        for (Path k : authorizedPublicKeys) {
            keys.append(Files.readString(k).trim()).append('\n');
        }
        Files.writeString(dir.resolve("authorized_keys"), keys.toString());
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin no",
                "AllowUsers " + USER,
                "AcceptEnv RD_*",
                "MaxStartups 200",
                "MaxSessions 50",
                "LogLevel ERROR",
                sftp ? "Subsystem sftp internal-sftp" : "",
                "");
        Files.writeString(dir.resolve("sshd_config"), config);
        process = new ProcessBuilder(SSHD, "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Awaitility.await("sshd listens on " + port).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("sshd exited " + process.exitValue() + ": " + Files.readString(dir.resolve("sshd.log")));
                    }
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}

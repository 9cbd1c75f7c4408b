package org.windlass.executor.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SSH server on loopback for the unit tests (Apache MINA sshd): commands run through
 * {@code /bin/sh -c} as OpenSSH runs them, SFTP optional, one accepted public key and one
 * password, a host key of the test's choosing.
 */
final class TestSshServer implements AutoCloseable {

    static final String USER = "tester";
    static final String PASSWORD = "s3cret pass";

    final SshServer server;
    final Set<Process> processes = ConcurrentHashMap.newKeySet();

    TestSshServer(KeyPair hostKey, List<PublicKey> clientKeys, boolean sftp, int port) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && clientKeys.stream().anyMatch(k -> KeyUtils.compareKeys(key, k)));
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setCommandFactory((channel, command) -> new ShellCommand(command));
        if (sftp) {
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        }
        server.start();
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
        processes.forEach(Process::destroyForcibly);
    }

    /** One command: a child process of /bin/sh, its streams pumped by two threads of the server. */
    private final class ShellCommand implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        ShellCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(Path.of(System.getProperty("java.io.tmpdir")).toFile());
            env.getEnv().forEach((k, v) -> {
                if (k.startsWith("RD_")) {
                    pb.environment().put(k, v);
                }
            });
            process = pb.start();
            processes.add(process);
            process.getOutputStream().close();
            Thread o = pump(process.getInputStream(), out);
            Thread e = pump(process.getErrorStream(), err);
            Thread waiter = new Thread(() -> {
                try {
                    int code = process.waitFor();
                    o.join();
                    e.join();
                    exit.onExit(code);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                } finally {
                    processes.remove(process);
                }
            }, "test-sshd-wait");
            waiter.setDaemon(true);
            waiter.start();
        }

        private Thread pump(InputStream in, OutputStream to) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException ignored) {
                    // the channel closed: the command goes on until it ends or is destroyed
                }
            }, "test-sshd-pump");
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}

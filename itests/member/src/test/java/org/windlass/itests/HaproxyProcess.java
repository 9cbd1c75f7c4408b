package org.windlass.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy started by a test with the configuration Windlass ships
 * (etc/haproxy.cfg.example), its example servers replaced by the test's members and its port by
 * the given one.
 */
final class HaproxyProcess implements AutoCloseable {

    final int port;
    private final Path dir;
    private final Process process;

    private HaproxyProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param shipped the shipped configuration
     * @param members each member's name and HTTP port on 127.0.0.1
     */
    static HaproxyProcess start(Path shipped, Path dir, List<String> names, List<Integer> ports, int port) throws IOException {
        Files.createDirectories(dir);
        List<String> out = new ArrayList<>();
        boolean serversWritten = false;
        for (String line : Files.readAllLines(shipped)) {
            String t = line.strip();
            if (t.startsWith("bind ")) {
                out.add("    bind 127.0.0.1:" + port);
            } else if (t.startsWith("server ")) {
                if (!serversWritten) {
                    for (int i = 0; i < names.size(); i++) {
                        out.add("    server " + names.get(i) + " 127.0.0.1:" + ports.get(i) + " check cookie " + names.get(i));
                    }
                    serversWritten = true;
                }
            } else {
                out.add(line);
            }
        }
        if (!serversWritten) {
            throw new IllegalStateException(shipped + " has no server lines to replace");
        }
        Path cfg = dir.resolve("haproxy.cfg");
        Files.write(cfg, out);
        Process check = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        try {
            if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
                throw new IllegalStateException("haproxy refuses the shipped configuration: " + new String(check.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Process p = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("haproxy.log").toFile())).start();
        HaproxyProcess h = new HaproxyProcess(port, dir, p);
        // pax-exam runs @AfterClass after every test method: the process ends with the JVM at the latest
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return h;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String log() throws IOException {
        Path log = dir.resolve("haproxy.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

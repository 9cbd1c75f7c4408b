package org.windlass.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Another real Windlass member: the distribution unpacked into a directory of its own, configured
 * through its etc/ files and started as its own JVM with bin/start, as an operator would.
 */
final class MemberProcess implements AutoCloseable {

    final Path home;
    final int httpPort;
    final int sshPort;
    final String adminPassword;

    private MemberProcess(Path home, int httpPort, int sshPort, String adminPassword) {
        this.home = home;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
        this.adminPassword = adminPassword;
    }

    /**
     * @param configs cfg file name (under etc/) to the lines it should end with; later keys win
     */
    static MemberProcess unpack(Path distribution, Path parent, String adminPassword, Map<String, List<String>> configs)
            throws IOException, InterruptedException {
        Files.createDirectories(parent);
        run(parent, "tar", "xzf", distribution.toString(), "-C", parent.toString());
        Path home;
        try (Stream<Path> s = Files.list(parent)) {
            home = s.filter(p -> p.getFileName().toString().startsWith("windlass-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no windlass-* directory in " + parent));
        }
        int http = WindlassTestSupport.freePort();
        int ssh = WindlassTestSupport.freePort();
        append(home.resolve("etc/org.ops4j.pax.web.cfg"), List.of("org.osgi.service.http.port = " + http));
        append(home.resolve("etc/org.apache.karaf.shell.cfg"), List.of("sshPort = " + ssh));
        append(home.resolve("etc/org.windlass.security.cfg"), List.of("admin.password = " + adminPassword));
        for (Map.Entry<String, List<String>> e : configs.entrySet()) {
            append(home.resolve("etc").resolve(e.getKey()), e.getValue());
        }
        return new MemberProcess(home, http, ssh, adminPassword);
    }

    /** Appends lines to one of the member's etc/ files (before it starts). */
    void configure(String file, List<String> lines) throws IOException {
        append(home.resolve("etc").resolve(file), lines);
    }

    private static void append(Path file, List<String> lines) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file) : "";
        Files.writeString(file, existing + "\n" + String.join("\n", lines) + "\n");
    }

    void start() throws IOException, InterruptedException {
        run(home, home.resolve("bin/start").toString());
    }

    /** Ends the member the hard way (kill -9), as a crash would. */
    void kill() {
        String marker = "karaf.home=" + home;
        List<ProcessHandle> members = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)).toList();
        if (members.isEmpty()) {
            throw new IllegalStateException("no running member process with " + marker);
        }
        for (ProcessHandle h : members) {
            h.destroyForcibly();
            h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + httpPort + path;
    }

    @Override
    public void close() {
        try {
            run(home, home.resolve("bin/stop").toString());
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the member may not have come up; the pid below ends it anyway
        }
        Path pid = home.resolve("data/karaf.pid");
        try {
            if (Files.exists(pid)) {
                long p = Long.parseLong(Files.readString(pid).strip());
                ProcessHandle.of(p).ifPresent(h -> {
                    h.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(t -> {
                        h.destroyForcibly();
                        return h;
                    }).join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot stop the member in " + home, e);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("process.log").toFile())).start();
        if (!p.waitFor(Duration.ofSeconds(120).toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " did not finish in 120 s"));
        }
    }
}

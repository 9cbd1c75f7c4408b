import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job fanned out over SSH to many nodes through a running member: a project whose file node
 * source lists NODES nodes (all the same SSH server, each its own node and connection), the
 * private key in key storage, a job running one command on every node at THREADCOUNT at once.
 * Each run reports the execution's wall time (start to end, as the member recorded it), how many
 * nodes succeeded, and the member's peak thread count and heap, sampled every 50 ms from
 * /api/48/system/info while it ran.
 *
 *   java bench/SshFanOut.java BASE_URL USER PASSWORD NODES SSH_PORT SSH_USER PRIVATE_KEY_FILE THREADCOUNT RUNS COMMAND
 */
public class SshFanOut {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int nodes = Integer.parseInt(args[3]);
        int port = Integer.parseInt(args[4]);
        String sshUser = args[5];
        String key = Files.readString(Path.of(args[6]));
        int threadcount = Integer.parseInt(args[7]);
        int runs = Integer.parseInt(args[8]);
        String command = args.length > 9 ? args[9] : "echo ok";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // an API token: a password (bcrypt) checked on every poll would weigh on the member being measured
        String token = group(check(send(http, base, auth, "POST", "/api/48/tokens", "application/json",
                "{\"user\":\"" + args[1] + "\",\"roles\":[\"admin\"]}"), 201), "\"token\":\"([^\"]+)\"");
        auth = "token:" + token;

        Path nodesFile = Files.createTempFile("fan-nodes", ".yaml");
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            yaml.append("node").append(i).append(":\n  hostname: 127.0.0.1:").append(port)
                    .append("\n  username: ").append(sshUser).append("\n  tags: fan\n");
        }
        Files.writeString(nodesFile, yaml.toString());
        check(send(http, base, auth, "POST", "/api/48/storage/keys/bench/fan-key", "application/octet-stream", key), 201);
        check(send(http, base, auth, "POST", "/api/48/projects", "application/json",
                "{\"name\":\"fan\",\"config\":{\"resources.source.1.type\":\"file\",\"resources.source.1.config.file\":\""
                        + nodesFile + "\",\"project.ssh-key-storage-path\":\"keys/bench/fan-key\",\"project.ssh-host-key-policy\":\"off\"}}"), 201);
        String job = "- name: fan-out\n  nodefilters:\n    filter: 'tags: fan'\n    dispatch:\n      threadcount: " + threadcount
                + "\n      keepgoing: true\n  sequence:\n    commands:\n    - exec: " + command + "\n";
        String imported = check(send(http, base, auth, "POST", "/api/48/project/fan/jobs/import?fileformat=yaml", "application/yaml", job), 200);
        String jobId = group(imported, "\"id\":\"([^\"]+)\"");

        String idle = send(http, base, auth, "GET", "/api/48/system/info", null, null).body();
        System.out.printf("# member threads before the first run: %s%n", group(idle, "\"threads\":\\{\"active\":(\\d+)"));
        System.out.printf("nodes,threadcount,run,wall_ms,succeeded_nodes,failed_nodes,peak_threads,peak_heap_used_mb%n");
        for (int r = 0; r <= runs; r++) {
            String started = check(send(http, base, auth, "POST", "/api/48/job/" + jobId + "/run", "application/json", "{}"), 200);
            String id = group(started, "\"id\":(\\d+)");
            int peakThreads = 0;
            long peakHeap = 0;
            String e;
            while (true) {
                String info = send(http, base, auth, "GET", "/api/48/system/info", null, null).body();
                peakThreads = Math.max(peakThreads, Integer.parseInt(group(info, "\"threads\":\\{\"active\":(\\d+)")));
                long total = Long.parseLong(group(info, "\"total\":(\\d+)"));
                long free = Long.parseLong(group(info, "\"free\":(\\d+)"));
                peakHeap = Math.max(peakHeap, total - free);
                e = send(http, base, auth, "GET", "/api/48/execution/" + id, null, null).body();
                if (!e.contains("\"status\":\"running\"")) {
                    break;
                }
                Thread.sleep(50);
            }
            long begin = Long.parseLong(group(e, "\"date-started\":\\{\"unixtime\":(\\d+)"));
            long end = Long.parseLong(group(e, "\"date-ended\":\\{\"unixtime\":(\\d+)"));
            int ok = count(e, "successfulNodes");
            int failed = count(e, "failedNodes");
            if (r == 0) {
                System.out.printf("# warm-up run: %d ms, %d nodes succeeded, %d failed%n", end - begin, ok, failed);
                if (failed > 0) {
                    String out = send(http, base, auth, "GET", "/api/48/execution/" + id + "/output?lastlines=5", null, null).body();
                    System.out.println("# " + out.replaceAll("\\s+", " ").substring(0, Math.min(2000, out.length())));
                }
                continue;
            }
            System.out.printf("%d,%d,%d,%d,%d,%d,%d,%d%n", nodes, threadcount, r, end - begin, ok, failed, peakThreads, peakHeap / (1024 * 1024));
        }
    }

    private static int count(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\\[([^\\]]*)\\]").matcher(json);
        if (!m.find() || m.group(1).isBlank()) {
            return 0;
        }
        return m.group(1).split(",").length;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text);
        }
        return m.group(1);
    }

    private static String check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpResponse<String> send(HttpClient http, String base, String auth, String method, String path,
                                             String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(60));
        if (auth.startsWith("token:")) {
            b.header("X-Rundeck-Auth-Token", auth.substring("token:".length()));
        } else {
            b.header("Authorization", auth);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

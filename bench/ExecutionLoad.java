import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load driver for executions end to end through the REST API of a running member: each client
 * thread runs a trivial job (one local command, `true`) and polls the execution until it has
 * ended (polling every poll-millis, default 10), again and again, for the given seconds.
 *
 *   java [-Dclient=urlconnection] bench/ExecutionLoad.java BASE_URL USER PASSWORD [threads] [seconds] [poll-millis]
 *
 * Prints executions per second, latency percentiles (run request to observed end), failures, and
 * the member's heap and thread count sampled from /api/48/system/info while it ran.
 */
public class ExecutionLoad {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z-]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        long pollMillis = args.length > 5 ? Long.parseLong(args[5]) : 10;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        String token = field(send(http, "POST", base + "/api/48/tokens", "{\"user\":\"admin\",\"roles\":[\"admin\"]}", "Authorization", basic), "token");
        String project = "bench" + Long.toString(System.currentTimeMillis(), 36);
        send(http, "POST", base + "/api/48/projects", "{\"name\":\"" + project + "\"}", "X-Rundeck-Auth-Token", token);
        String imported = send(http, "POST", base + "/api/48/project/" + project + "/jobs/import?fileformat=yaml", 
                "- name: trivial\n  multipleExecutions: true\n  sequence:\n    commands:\n    - exec: 'true'\n",
                "X-Rundeck-Auth-Token", token, "yaml");
        Matcher jm = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(imported);
        if (!jm.find()) {
            throw new IllegalStateException("import failed: " + imported);
        }
        String job = jm.group(1);

        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        long t0 = System.nanoTime();
                        String run = send(http, "POST", base + "/api/48/job/" + job + "/run", "{}", "X-Rundeck-Auth-Token", token);
                        Matcher m = ID.matcher(run);
                        if (!m.find()) {
                            failed.incrementAndGet();
                            continue;
                        }
                        String id = m.group(1);
                        String status;
                        while (true) {
                            String e = send(http, "GET", base + "/api/48/execution/" + id, null, "X-Rundeck-Auth-Token", token);
                            Matcher s = STATUS.matcher(e);
                            status = s.find() ? s.group(1) : "?";
                            if (!status.equals("running")) {
                                break;
                            }
                            Thread.sleep(pollMillis);
                        }
                        latencies.add(System.nanoTime() - t0);
                        if (status.equals("succeeded")) {
                            done.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception ex) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        long maxHeap = 0;
        long maxThreads = 0;
        Pattern total = Pattern.compile("\"total\":(\\d+)");
        Pattern free = Pattern.compile("\"free\":(\\d+)");
        Pattern active = Pattern.compile("\"threads\":\\{\"active\":(\\d+)");
        while (System.nanoTime() < deadline) {
            String info = send(http, "GET", base + "/api/48/system/info", null, "X-Rundeck-Auth-Token", token);
            Matcher mt = total.matcher(info);
            Matcher mf = free.matcher(info);
            Matcher ma = active.matcher(info);
            if (mt.find() && mf.find()) {
                maxHeap = Math.max(maxHeap, Long.parseLong(mt.group(1)) - Long.parseLong(mf.group(1)));
            }
            if (ma.find()) {
                maxThreads = Math.max(maxThreads, Long.parseLong(ma.group(1)));
            }
            Thread.sleep(500);
        }
        for (Thread t : workers) {
            t.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        System.out.printf("threads,poll_ms,seconds,succeeded,failed,executions_per_second,p50_ms,p99_ms,peak_heap_used_mb,peak_threads%n");
        System.out.printf("%d,%d,%d,%d,%d,%.1f,%.1f,%.1f,%d,%d%n", threads, pollMillis, seconds, done.get(), failed.get(),
                done.get() / (double) seconds, pct(sorted, 0.5), pct(sorted, 0.99), maxHeap / 1024 / 1024, maxThreads);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** -Dclient=urlconnection: blocking HttpURLConnection with keep-alive, lighter on CPU than HttpClient. */
    private static final boolean URLCONNECTION = "urlconnection".equals(System.getProperty("client"));

    private static String send(HttpClient http, String method, String url, String body, String... headers) throws Exception {
        if (URLCONNECTION) {
            return sendUrlConnection(method, url, body, headers);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean yaml = headers.length % 2 == 1;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.header("Content-Type", yaml ? "application/yaml" : "application/json").header("Accept", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String sendUrlConnection(String method, String url, String body, String... headers) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        c.setRequestMethod(method);
        boolean yaml = headers.length % 2 == 1;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            c.setRequestProperty(headers[i], headers[i + 1]);
        }
        c.setRequestProperty("Content-Type", yaml ? "application/yaml" : "application/json");
        c.setRequestProperty("Accept", "application/json");
        if (body != null) {
            c.setDoOutput(true);
            try (java.io.OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        try (java.io.InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

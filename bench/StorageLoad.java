import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load driver for key storage and project storage through the REST API of a running member.
 *
 *   java bench/StorageLoad.java BASE_URL USER PASSWORD [threads] [seconds]
 *
 * Phases, each for the given seconds with the given threads: key writes (POST new password
 * entries), key reads (GET an entry's metadata), project config reads (GET one property).
 * Prints one CSV line per phase: phase,threads,seconds,requests,errors,requests_per_second.
 * Every request is bounded (10 s timeout) and every phase stops at its deadline.
 */
public class StorageLoad {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/StorageLoad.java BASE_URL USER PASSWORD [threads] [seconds]");
            System.exit(2);
        }
        String base = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String run = Long.toString(System.currentTimeMillis(), 36);

        // clients use API tokens (a Basic login checks a bcrypt hash on every request, by design slow)
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/48/tokens")).header("Authorization", basic)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"duration\":\"1h\",\"name\":\"bench\"}")).build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"token\":\"([^\"]+)\"").matcher(created.body());
        if (created.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("cannot create an API token: " + created.statusCode() + " " + created.body());
        }
        String token = m.group(1);

        // fixtures
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/48/projects")).header("X-Rundeck-Auth-Token", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench-" + run + "\",\"config\":{\"bench.key\":\"value\"}}")), 201);
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/48/storage/keys/bench/" + run + "/fixed")).header("X-Rundeck-Auth-Token", token)
                .header("Content-Type", "application/x-rundeck-data-password")
                .POST(HttpRequest.BodyPublishers.ofString("fixed-secret")), 201);

        System.out.println("phase,threads,seconds,requests,errors,requests_per_second");
        AtomicInteger counter = new AtomicInteger();
        phase("key-write", threads, seconds, () -> HttpRequest.newBuilder(
                URI.create(base + "/api/48/storage/keys/bench/" + run + "/w" + counter.incrementAndGet()))
                .header("X-Rundeck-Auth-Token", token).header("Content-Type", "application/x-rundeck-data-password")
                .POST(HttpRequest.BodyPublishers.ofString("secret-value-" + counter.get())), 201, http);
        phase("key-read", threads, seconds, () -> HttpRequest.newBuilder(
                URI.create(base + "/api/48/storage/keys/bench/" + run + "/fixed")).header("X-Rundeck-Auth-Token", token).GET(), 200, http);
        phase("project-config-read", threads, seconds, () -> HttpRequest.newBuilder(
                URI.create(base + "/api/48/project/bench-" + run + "/config/bench.key")).header("X-Rundeck-Auth-Token", token).GET(), 200, http);
    }

    interface RequestFactory {
        HttpRequest.Builder next();
    }

    static void phase(String name, int threads, int seconds, RequestFactory factory, int expected, HttpClient http) throws Exception {
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    try {
                        HttpResponse<Void> r = http.send(factory.next().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == expected) {
                            ok.increment();
                        } else {
                            errors.increment();
                        }
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s,%d,%d,%d,%d,%.0f%n", name, threads, seconds, ok.sum(), errors.sum(), ok.sum() / elapsed);
    }

    static void send(HttpClient http, HttpRequest.Builder b, int expected) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
    }
}

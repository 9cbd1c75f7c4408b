import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fire-time accuracy of many schedules on one member. Imports JOBS jobs into a new project, job i
 * scheduled once every PERIOD_MINUTES minutes at its own second of the period (crontab
 * {@code S M/P * * * ? *}, spread evenly), each running one local {@code true}. After a warm-up
 * of one minute, it lets them fire for MEASURE seconds, then reads every execution started in that
 * window and compares its start time (the execution row's, as the member recorded it) with the
 * tick it was due at. Prints the lateness p50/p90/p99/max, the ticks that fired and how many were
 * expected, and the member's thread count and heap at the end.
 *
 *   java bench/ScheduleAccuracy.java BASE_URL USER PASSWORD JOBS PERIOD_MINUTES MEASURE_SECONDS [PROJECT]
 */
public class ScheduleAccuracy {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String basic = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":" + args[2]).getBytes(StandardCharsets.UTF_8));
        int jobs = Integer.parseInt(args[3]);
        int period = Integer.parseInt(args[4]);
        int measure = Integer.parseInt(args[5]);
        // a project of its own per driver: three drivers can load three members of one cluster at once
        String project = args.length > 6 ? args[6] : "acc";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String token = group(check(send(http, base, "Authorization", basic, "POST", "/api/48/tokens", "application/json",
                "{\"user\":\"" + args[1] + "\",\"roles\":[\"admin\"]}"), 201), "\"token\":\"([^\"]+)\"");
        check(send(http, base, "X-Rundeck-Auth-Token", token, "POST", "/api/48/projects", "application/json", "{\"name\":\"" + project + "\"}"), 201);

        // job i fires at second (i * period * 60 / jobs) of each period
        int slots = period * 60;
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < jobs; i++) {
            int at = (int) ((long) i * slots / jobs);
            int second = at % 60;
            int minute = at / 60;
            yaml.append("- name: s").append(second).append("-m").append(minute).append("-j").append(i)
                    .append("\n  multipleExecutions: true\n  schedule:\n    crontab: '").append(second).append(' ')
                    .append(period == 1 ? "*" : minute + "/" + period).append(" * * * ? *'\n  sequence:\n    commands:\n    - exec: 'true'\n");
        }
        long t0 = System.nanoTime();
        String imported = check(send(http, base, "X-Rundeck-Auth-Token", token, "POST", "/api/48/project/" + project + "/jobs/import?fileformat=yaml",
                "application/yaml", yaml.toString()), 200);
        if (!imported.contains("\"failed\":[]")) {
            throw new IllegalStateException("some jobs were not imported: " + imported.substring(imported.indexOf("\"failed\"")));
        }
        System.out.printf("# imported %d scheduled jobs in %d ms%n", jobs, (System.nanoTime() - t0) / 1_000_000);
        await(http, base, token, jobs);

        Thread.sleep(60_000); // warm-up: every schedule armed, the JIT warm
        Instant from = Instant.now();
        Thread.sleep(measure * 1000L);
        Instant to = Instant.now();
        Thread.sleep(5_000); // the last ticks of the window are recorded

        List<Long> late = new ArrayList<>();
        java.util.Set<String> ticks = new java.util.HashSet<>();
        int twice = 0;
        int offset = 0;
        Pattern row = Pattern.compile("\\{\"id\":(\\d+),\"href\".*?\"date-started\":\\{\"unixtime\":(\\d+).*?\"job\":\\{\"id\":\"[^\"]+\",\"name\":\"s(\\d+)-m(\\d+)-j(\\d+)\"");
        // newest first, and the schedules go on firing while the pages are read: a row can appear on two pages
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int inWindow = 0;
        while (true) {
            String page = check(send(http, base, "X-Rundeck-Auth-Token", token, "GET",
                    "/api/48/project/" + project + "/executions?max=1000&offset=" + offset, null, null), 200);
            Matcher m = row.matcher(page);
            int n = 0;
            boolean older = false;
            while (m.find()) {
                n++;
                if (!seen.add(Long.parseLong(m.group(1)))) {
                    continue;
                }
                long started = Long.parseLong(m.group(2));
                if (started < from.toEpochMilli()) {
                    older = true;
                    continue;
                }
                if (started > to.toEpochMilli()) {
                    continue;
                }
                inWindow++;
                long tick = tick(started, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), period);
                late.add(started - tick);
                if (!ticks.add(m.group(5) + "@" + tick)) {
                    twice++;
                }
            }
            if (n == 0 || older) {
                break;
            }
            offset += 1000;
        }
        Collections.sort(late);
        long expected = Math.round((double) jobs * measure / slots);
        String info = send(http, base, "X-Rundeck-Auth-Token", token, "GET", "/api/48/system/info", null, null).body();
        System.out.printf("jobs,period_min,window_s,fired,expected,fired_twice,p50_ms,p90_ms,p99_ms,max_ms,threads,heap_used_mb%n");
        System.out.printf("%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%d%n", jobs, period, measure, inWindow, expected, twice,
                pct(late, 50), pct(late, 90), pct(late, 99), late.isEmpty() ? 0 : late.get(late.size() - 1),
                group(info, "\"threads\":\\{\"active\":(\\d+)"),
                (Long.parseLong(group(info, "\"total\":(\\d+)")) - Long.parseLong(group(info, "\"free\":(\\d+)"))) / (1024 * 1024));
    }

    /** The tick at or before the start: the latest instant with that second whose minute is minute (mod period). */
    private static long tick(long startedMillis, int second, int minute, int period) {
        ZonedDateTime t = Instant.ofEpochMilli(startedMillis).atZone(ZoneOffset.UTC).withSecond(second).withNano(0);
        if (t.toInstant().toEpochMilli() > startedMillis) {
            t = t.minusMinutes(1);
        }
        while (t.getMinute() % period != minute % period) {
            t = t.minusMinutes(1);
        }
        return t.toInstant().toEpochMilli();
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void await(HttpClient http, String base, String token, int jobs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            String body = send(http, base, "X-Rundeck-Auth-Token", token, "GET", "/api/48/scheduler/jobs", null, null).body();
            int n = body.split("\"serverOwner\":true", -1).length - 1;
            if (n >= jobs) {
                System.out.printf("# %d schedules armed%n", n);
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the schedules were not armed within 5 minutes");
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text.substring(0, Math.min(500, text.length())));
        }
        return m.group(1);
    }

    private static String check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static HttpResponse<String> send(HttpClient http, String base, String header, String value, String method,
                                             String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header(header, value)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(300));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

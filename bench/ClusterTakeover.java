import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takeover time of a cluster: kill -9 of a member to the first fire of one of its schedules on a
 * survivor. Each member saves JOBS_PER_MEMBER jobs that fire every second (it owns their
 * schedules); then, KILLS times, one member in turn is killed with kill -9, the time until one of
 * its jobs starts an execution on another member is measured (by the executions' start times, as
 * the surviving member recorded them), and the member is started again and waited for until the
 * cluster counts it active. Prints every takeover time and their p50, p90, p99 and max.
 *
 *   java bench/ClusterTakeover.java USER PASSWORD JOBS_PER_MEMBER KILLS HOME=PORT HOME=PORT HOME=PORT
 */
public class ClusterTakeover {

    record Member(Path home, String base) {
    }

    public static void main(String[] args) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((args[0] + ":" + args[1]).getBytes(StandardCharsets.UTF_8));
        int perMember = Integer.parseInt(args[2]);
        int kills = Integer.parseInt(args[3]);
        List<Member> members = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            String[] hp = args[i].split("=");
            members.add(new Member(Path.of(hp[0]), "http://127.0.0.1:" + hp[1]));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Member first = members.get(0);
        check(send(http, first.base(), basic, "POST", "/api/48/projects", "application/json", "{\"name\":\"takeover\"}"), 201);
        List<String> uuids = new ArrayList<>();
        List<String> probeJob = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            Member member = members.get(m);
            uuids.add(group(check(send(http, member.base(), basic, "GET", "/api/48/system/info", null, null), 200), "\"serverUUID\":\"([^\"]+)\""));
            StringBuilder yaml = new StringBuilder();
            for (int j = 0; j < perMember; j++) {
                yaml.append("- name: m").append(m).append("-j").append(j).append("\n  multipleExecutions: true\n  schedule:\n")
                        .append("    crontab: '* * * * * ? *'\n  sequence:\n    commands:\n    - exec: 'true'\n");
            }
            String imported = check(send(http, member.base(), basic, "POST", "/api/48/project/takeover/jobs/import?fileformat=yaml",
                    "application/yaml", yaml.toString()), 200);
            probeJob.add(group(imported, "\"id\":\"([^\"]+)\""));
        }
        System.out.printf("# %d members, %d per-second jobs each%n", members.size(), perMember);
        Thread.sleep(5000); // the schedules fire for a while before the first kill

        List<Long> times = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            int victim = k % members.size();
            Member dead = members.get(victim);
            Member survivor = members.get((victim + 1) % members.size());
            kill(dead.home());
            Instant killed = Instant.now();
            long ms = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            Pattern exec = Pattern.compile("\"serverUUID\":\"([^\"]+)\".{0,400}?\"date-started\":\\{\"unixtime\":(\\d+)");
            while (ms < 0 && System.nanoTime() < deadline) {
                String page = send(http, survivor.base(), basic, "GET", "/api/48/project/takeover/executions?jobIdListFilter="
                        + probeJob.get(victim) + "&max=30", null, null).body();
                Matcher mt = exec.matcher(page);
                while (mt.find()) {
                    long started = Long.parseLong(mt.group(2));
                    if (!mt.group(1).equals(uuids.get(victim)) && started > killed.toEpochMilli()) {
                        ms = ms < 0 ? started - killed.toEpochMilli() : Math.min(ms, started - killed.toEpochMilli());
                    }
                }
                if (ms < 0) {
                    Thread.sleep(100);
                }
            }
            times.add(ms);
            System.out.printf("kill %d: member %d, first fire on a survivor after %d ms%n", k + 1, victim, ms);
            // back, and active again, before the next kill
            new ProcessBuilder(dead.home().resolve("bin/start").toString()).inheritIO().start().waitFor();
            long up = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < up) {
                try {
                    String m = send(http, survivor.base(), basic, "GET", "/api/48/cluster/members/" + uuids.get(victim), null, null).body();
                    if (m.contains("\"state\":\"active\"")
                            && send(http, dead.base(), basic, "GET", "/api/48/projects", null, null).statusCode() == 200) {
                        break;
                    }
                } catch (java.io.IOException e) {
                    // not yet
                }
                Thread.sleep(250);
            }
            // the next victim owns schedules again: take them back to where they started
            check(send(http, dead.base(), basic, "PUT", "/api/48/scheduler/takeover", "application/json",
                    "{\"server\":{\"all\":true},\"project\":\"takeover\",\"jobs\":" + jobsOf(http, survivor, basic, victim, perMember) + "}"), 200);
            Thread.sleep(3000); // the schedules fire on their owner again before the next kill
        }
        List<Long> sorted = new ArrayList<>(times);
        sorted.removeIf(t -> t < 0);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.println("no takeover observed");
            return;
        }
        System.out.printf("takeover (kill -9 to first fire on a survivor) over %d kills: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms%s%n",
                sorted.size(), pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1),
                sorted.size() < times.size() ? " (" + (times.size() - sorted.size()) + " not observed within 120 s)" : "");
    }

    /** The victim's own jobs (named m{victim}-j*), as [{"id": ...}]. */
    private static String jobsOf(HttpClient http, Member via, String basic, int victim, int perMember) throws Exception {
        String list = send(http, via.base(), basic, "GET", "/api/48/project/takeover/jobs", null, null).body();
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"[^}]*?\"name\":\"m" + victim + "-j\\d+\"").matcher(list);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add("{\"id\":\"" + m.group(1) + "\"}");
        }
        if (ids.size() != perMember) {
            throw new IllegalStateException("found " + ids.size() + " of member " + victim + "'s " + perMember + " jobs in " + list);
        }
        return "[" + String.join(",", ids) + "]";
    }

    private static void kill(Path home) {
        String marker = "karaf.home=" + home;
        ProcessHandle.allProcesses().filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                });
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static HttpResponse<String> send(HttpClient http, String base, String basic, String method, String path, String type, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", basic)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(120));
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text);
        }
        return m.group(1);
    }
}

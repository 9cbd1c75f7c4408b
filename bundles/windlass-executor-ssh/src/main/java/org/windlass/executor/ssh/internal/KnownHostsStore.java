package org.windlass.executor.ssh.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host keys each project trusts: the project file {@code known_hosts} (OpenSSH format, hashed
 * host names and {@code @revoked} markers included) in the shared database, so every member of a
 * cluster trusts the same keys. Read through a cache of {@link #MAX_AGE_MILLIS}; a host that is
 * unknown or whose key differs is looked up again in the database before a verdict. Keys accepted
 * under {@code accept-new} are appended by a background writer.
 */
final class KnownHostsStore {

    static final String FILE = "known_hosts";
    static final long MAX_AGE_MILLIS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsStore.class);

    /** Where the project files are (ProjectService in the member, a map in tests). */
    interface Files {
        Optional<String> read(String project);

        void write(String project, String text);
    }

    enum Verdict { KNOWN, ADDED, UNKNOWN, CHANGED, REVOKED, UNCHECKED }

    record Result(Verdict verdict, String message) {
        boolean accepted() {
            return verdict == Verdict.KNOWN || verdict == Verdict.ADDED || verdict == Verdict.UNCHECKED;
        }
    }

    private record Loaded(List<KnownHostEntry> entries, long at) {
    }

    private final Files files;
    private final Executor writer;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    /** keys accepted for nodes of executions without a project: this member's memory only */
    private final List<KnownHostEntry> noProject = new ArrayList<>();

    KnownHostsStore(Files files, Executor writer) {
        this.files = files;
        this.writer = writer;
    }

    Result verify(SshTarget target, PublicKey key) {
        String offered = KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
        if (target.hostKeyPolicy() == HostKeyPolicy.OFF) {
            return new Result(Verdict.UNCHECKED, "host key " + offered + " not checked (policy off)");
        }
        String project = target.project();
        Verdict v = check(entries(project, false), target, key);
        if (v == Verdict.UNKNOWN || v == Verdict.CHANGED) {
            v = check(entries(project, true), target, key);
        }
        String where = project == null ? "this member's memory (no project)" : "project " + project + "'s known_hosts";
        switch (v) {
            case KNOWN:
                return new Result(v, "host key " + offered + " is in " + where);
            case REVOKED:
                return new Result(v, "host key of " + target.knownHostsName() + " (" + offered + ") is marked @revoked in " + where);
            case CHANGED:
                return new Result(v, "host key of " + target.knownHostsName() + " has CHANGED: it offered " + offered
                        + ", which is not the key in " + where + ". If the change is expected, remove the old entry "
                        + "(windlass:known-hosts --remove '" + target.knownHostsName() + "' " + project
                        + ", or PUT /api/{v}/project/" + project + "/known_hosts)");
            default:
                break;
        }
        if (target.hostKeyPolicy() == HostKeyPolicy.STRICT) {
            return new Result(Verdict.UNKNOWN, "host " + target.knownHostsName() + " is not in " + where
                    + " and the host key policy is strict (it offered " + offered + ")");
        }
        add(target, key);
        return new Result(Verdict.ADDED, "host key " + offered + " of " + target.knownHostsName() + " added to " + where);
    }

    private static Verdict check(List<KnownHostEntry> entries, SshTarget target, PublicKey key) {
        String offered = keyLine(key);
        boolean hostKnown = false;
        for (KnownHostEntry e : entries) {
            if (!e.isHostMatch(target.host(), target.port())) {
                continue;
            }
            AuthorizedKeyEntry k = e.getKeyEntry();
            boolean same = k != null && offered.equals(k.getKeyType() + " " + java.util.Base64.getEncoder().encodeToString(k.getKeyData()));
            if ("revoked".equals(e.getMarker())) {
                if (same) {
                    return Verdict.REVOKED;
                }
                continue;
            }
            if (e.getMarker() != null) {
                continue; // @cert-authority: host certificates are not used
            }
            hostKnown = true;
            if (same) {
                return Verdict.KNOWN;
            }
        }
        return hostKnown ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    private List<KnownHostEntry> entries(String project, boolean fresh) {
        if (project == null) {
            synchronized (noProject) {
                return List.copyOf(noProject);
            }
        }
        Loaded l = cache.get(project);
        if (!fresh && l != null && System.currentTimeMillis() - l.at() < MAX_AGE_MILLIS) {
            return l.entries();
        }
        synchronized (lock(project)) {
            l = cache.get(project);
            if (l != null && System.currentTimeMillis() - l.at() < (fresh ? 100 : MAX_AGE_MILLIS)) {
                return l.entries();
            }
            List<KnownHostEntry> parsed = parse(project, files.read(project).orElse(""));
            cache.put(project, new Loaded(parsed, System.currentTimeMillis()));
            return parsed;
        }
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String project) {
        return locks.computeIfAbsent(project, p -> new Object());
    }

    static List<KnownHostEntry> parse(String project, String text) {
        List<KnownHostEntry> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                try {
                    KnownHostEntry e = KnownHostEntry.parseKnownHostEntry(t);
                    if (e != null) {
                        out.add(e);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Project {}: known_hosts line {} is not an OpenSSH known_hosts entry and is ignored: {}",
                            project, n, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
        return out;
    }

    private void add(SshTarget target, PublicKey key) {
        String project = target.project();
        String hostName = target.knownHostsName();
        String line = hostName + " " + keyLine(key);
        KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
        if (project == null) {
            synchronized (noProject) {
                noProject.add(entry);
            }
            return;
        }
        synchronized (lock(project)) {
            Loaded l = cache.get(project);
            List<KnownHostEntry> now = new ArrayList<>(l == null ? List.of() : l.entries());
            now.add(entry);
            cache.put(project, new Loaded(List.copyOf(now), l == null ? 0 : l.at()));
        }
        writer.execute(() -> {
            synchronized (lock(project)) {
                try {
                    String text = files.read(project).orElse("");
                    if (check(parse(project, text), target, key) != Verdict.UNKNOWN) {
                        return; // added already by another member or thread, or an operator put another key there meanwhile
                    }
                    String updated = text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
                    files.write(project, updated);
                    LOG.info("Project {}: added the host key of {} to known_hosts ({})", project, hostName,
                            KeyUtils.getFingerPrint(key));
                } catch (RuntimeException e) {
                    LOG.warn("Project {}: could not store the host key of {} in known_hosts; it is trusted in this "
                            + "member's memory until the next restart", project, hostName, e);
                }
            }
        });
    }

    static String keyLine(PublicKey key) {
        String s = PublicKeyEntry.toString(key);
        int sp = s.indexOf(' ', s.indexOf(' ') + 1);
        return sp < 0 ? s : s.substring(0, sp);
    }
}

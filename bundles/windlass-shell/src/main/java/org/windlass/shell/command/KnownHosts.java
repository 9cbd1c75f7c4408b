package org.windlass.shell.command;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.project.ProjectService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "known-hosts",
        description = "Lists the SSH host keys a project trusts (its known_hosts), or removes a host's entries (--remove host)")
public class KnownHosts implements Action {

    static final String FILE = "known_hosts";

    @Reference(optional = true)
    ProjectService projects;

    @Argument(index = 0, name = "project", description = "The project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "--remove", description = "Remove the entries of this host, as known_hosts names it: "
            + "host, or [host]:port for another port than 22 (hashed entries cannot be matched by name)")
    String remove;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws NoSuchAlgorithmException {
        ShellAccess.require(acl, null, "project", java.util.Map.of("name", project), remove != null ? "configure" : "read");
        Storage.require(projects, "project storage");
        String text = projects.readFile(project, FILE).orElse("");
        List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
        if (remove != null) {
            List<String> kept = new ArrayList<>();
            int removed = 0;
            for (String line : lines) {
                if (names(line).contains(remove.trim())) {
                    removed++;
                } else {
                    kept.add(line);
                }
            }
            if (removed == 0) {
                throw new IllegalArgumentException("project " + project + "'s known_hosts has no entry for " + remove);
            }
            projects.writeFile(project, FILE, String.join("\n", kept));
            System.out.println("Removed " + removed + " entr" + (removed == 1 ? "y" : "ies") + " for " + remove
                    + " from project " + project + "'s known_hosts");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Line");
        table.column("Hosts");
        table.column("Key type");
        table.column("Fingerprint");
        table.column("Marker");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < lines.size(); i++) {
            String[] f = fields(lines.get(i));
            if (f.length == 0) {
                continue;
            }
            int k = f[0].startsWith("@") ? 1 : 0;
            if (f.length < k + 3) {
                continue;
            }
            String fingerprint;
            try {
                byte[] digest = sha256.digest(Base64.getDecoder().decode(f[k + 2]));
                fingerprint = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (IllegalArgumentException e) {
                fingerprint = "(not base64)";
            }
            table.addRow().addContent(i + 1, f[k], f[k + 1], fingerprint, k == 1 ? f[0] : "");
        }
        table.print(System.out);
        return null;
    }

    private static String[] fields(String line) {
        String t = line.strip();
        return t.isEmpty() || t.startsWith("#") ? new String[0] : t.split("\\s+");
    }

    /** The host patterns of an entry line, empty for comments and blank lines. */
    private static List<String> names(String line) {
        String[] f = fields(line);
        if (f.length == 0) {
            return List.of();
        }
        int k = f[0].startsWith("@") ? 1 : 0;
        return f.length > k ? Arrays.asList(f[k].split(",")) : List.of();
    }
}

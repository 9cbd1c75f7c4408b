package org.windlass.shell.command;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.windlass.api.job.ImportResult;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "job-import", description = "Imports jobs from a Rundeck job file (XML, YAML or JSON)")
public class JobImport implements Action {

    @Reference(optional = true)
    JobService jobs;

    @Option(name = "-p", aliases = "--project", description = "The project", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-f", aliases = "--format", description = "xml, yaml or json; default from the file's extension")
    String format;

    @Option(name = "-d", aliases = "--dupe", description = "What to do with a job that exists: create (fail), update or skip")
    String dupe = "create";

    @Option(name = "-r", aliases = "--remove-uuids", description = "Give every imported job a new UUID (Rundeck's uuidOption=remove)")
    boolean removeUuids;

    @Argument(index = 0, name = "file", description = "The job file", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        ShellAccess.require(acl, project, "resource", java.util.Map.of("kind", "job"), "create");
        Storage.require(jobs, "the job service");
        JobFormat f = format != null ? JobFormat.parse(format) : JobFormat.parse(extension(file));
        JobService.DupeOption d;
        try {
            d = JobService.DupeOption.valueOf(dupe.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --dupe '" + dupe + "' (create, update, skip)");
        }
        ImportResult r;
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            r = jobs.importJobs(project, f, in, d, removeUuids ? JobService.UuidOption.REMOVE : JobService.UuidOption.PRESERVE,
                    ShellUser.nameOrConsole(), existing -> ShellAccess.allows(acl, existing.project(), "job",
                            java.util.Map.of("uuid", existing.uuid(), "name", existing.name(), "group", existing.group() == null ? "" : existing.group()),
                            "update") ? null : "user '" + ShellUser.nameOrConsole() + "' may not update job '" + existing.fullName() + "'");
        }
        for (ImportResult.Entry e : r.succeeded()) {
            System.out.println("stored   " + e.id() + "  " + full(e));
        }
        for (ImportResult.Entry e : r.skipped()) {
            System.out.println("skipped  " + full(e) + ": " + e.error());
        }
        for (ImportResult.Entry e : r.failed()) {
            System.out.println("FAILED   " + full(e) + ": " + e.error());
        }
        for (String w : r.warnings()) {
            System.out.println("warning: " + w);
        }
        if (!r.failed().isEmpty()) {
            throw new IllegalStateException(r.failed().size() + " job(s) could not be imported");
        }
        return null;
    }

    private static String full(ImportResult.Entry e) {
        return e.group() == null ? e.name() : e.group() + "/" + e.name();
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("cannot tell the format of " + file + " from its name; give --format xml|yaml|json");
        }
        return file.substring(dot + 1);
    }
}

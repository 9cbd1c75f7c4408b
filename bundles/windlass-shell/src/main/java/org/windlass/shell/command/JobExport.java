package org.windlass.shell.command;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "job-export", description = "Exports jobs as a Rundeck job file (XML, YAML or JSON)")
public class JobExport implements Action {

    @Reference(optional = true)
    JobService jobs;

    @Option(name = "-p", aliases = "--project", description = "The project", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-f", aliases = "--format", description = "xml, yaml or json (default yaml)")
    String format = "yaml";

    @Option(name = "-i", aliases = "--id", description = "Only these job UUIDs", multiValued = true)
    List<String> ids;

    @Option(name = "-g", aliases = "--group", description = "Only jobs in this group (and below)")
    String group;

    @Option(name = "-o", aliases = "--output", description = "Write to this file instead of the console")
    @Completion(FileCompleter.class)
    String output;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        ShellAccess.require(acl, null, "project", java.util.Map.of("name", project), "export");
        Storage.require(jobs, "the job service");
        JobFormat f = JobFormat.parse(format);
        List<JobDefinition> list = jobs.list(project, new JobService.Query(group, null, ids, null));
        if (output != null) {
            try (OutputStream out = Files.newOutputStream(Path.of(output))) {
                jobs.write(list, f, out);
            }
            System.out.println(list.size() + " job(s) written to " + output);
        } else {
            jobs.write(list, f, System.out);
            System.out.flush();
        }
        return null;
    }
}

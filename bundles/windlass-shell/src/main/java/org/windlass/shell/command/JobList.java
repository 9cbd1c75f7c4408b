package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "job-list", description = "Lists a project's jobs")
public class JobList implements Action {

    @Reference(optional = true)
    JobService jobs;

    @Option(name = "-p", aliases = "--project", description = "The project", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-g", aliases = "--group", description = "Only jobs in this group (and below); - for jobs without a group")
    String group;

    @Option(name = "-n", aliases = "--name", description = "Only jobs whose name contains this")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "project", java.util.Map.of("name", project), "read");
        Storage.require(jobs, "the job service");
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Group/Name");
        table.column("Schedule");
        table.column("Enabled");
        table.column("Description");
        for (JobDefinition j : jobs.list(project, new JobService.Query(group, name, null, null))) {
            table.addRow().addContent(j.uuid(), j.fullName(),
                    j.schedule() == null ? "" : j.schedule().crontab() + (j.scheduleEnabled() ? "" : " (off)"),
                    j.executionEnabled() ? "yes" : "no", j.description() == null ? "" : j.description().lines().findFirst().orElse(""));
        }
        table.print(System.out);
        return null;
    }
}

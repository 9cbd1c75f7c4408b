package org.windlass.shell.command;

import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.ClusterMember;
import org.windlass.api.cluster.Membership;
import org.windlass.api.job.SchedulerService;

@Service
@Command(scope = "windlass", name = "cluster-jobs", description = "Lists every scheduled job in the cluster with the member that fires it")
public class ClusterJobs implements Action {

    @Reference(optional = true)
    Membership membership;

    @Reference(optional = true)
    SchedulerService scheduler;

    @Option(name = "-p", aliases = "--project", description = "Only this project's jobs")
    String project;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "read");
        Storage.require(membership, "the cluster membership");
        Storage.require(scheduler, "the scheduler");
        ShellTable table = new ShellTable();
        table.column("Owner");
        table.column("State");
        table.column("Project");
        table.column("Job");
        table.column("Crontab");
        table.column("Next fire");
        table.column("ID");
        for (ClusterMember m : membership.members()) {
            for (SchedulerService.ScheduledJob j : scheduler.ownedBy(m.uuid())) {
                if (project != null && !project.equals(j.project())) {
                    continue;
                }
                table.addRow().addContent(m.name(), m.state().name().toLowerCase(java.util.Locale.ROOT), j.project(),
                        j.group() == null ? j.name() : j.group() + "/" + j.name(), j.crontab(),
                        j.nextFire() == null ? "never" : DateTimeFormatter.ISO_INSTANT.format(j.nextFire()), j.jobId());
            }
        }
        table.print(System.out);
        return null;
    }
}

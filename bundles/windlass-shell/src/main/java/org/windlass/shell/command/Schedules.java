package org.windlass.shell.command;

import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.MemberIdentity;
import org.windlass.api.job.SchedulerService;

@Service
@Command(scope = "windlass", name = "schedules", description = "Lists the job schedules this member (or another) fires, soonest first")
public class Schedules implements Action {

    @Reference(optional = true)
    SchedulerService scheduler;

    @Reference(optional = true)
    MemberIdentity identity;

    @Option(name = "-m", aliases = "--member", description = "Another member's UUID: the schedules it owns, as the database says")
    String member;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "read");
        Storage.require(scheduler, "the scheduler");
        ShellTable table = new ShellTable();
        table.column("Next fire");
        table.column("Project");
        table.column("Job");
        table.column("Crontab");
        table.column("Time zone");
        table.column("On");
        table.column("Runs as");
        table.column("ID");
        var jobs = member == null || (identity != null && member.equals(identity.uuid())) ? scheduler.owned() : scheduler.ownedBy(member);
        for (SchedulerService.ScheduledJob j : jobs) {
            String on = j.scheduleEnabled() && j.executionEnabled() ? "yes"
                    : !j.scheduleEnabled() ? "no (schedule off)" : "no (executions off)";
            table.addRow().addContent(j.nextFire() == null ? "never" : DateTimeFormatter.ISO_INSTANT.format(j.nextFire()),
                    j.project(), j.group() == null ? j.name() : j.group() + "/" + j.name(), j.crontab(), j.timeZone(), on,
                    j.runAs(), j.jobId());
        }
        table.print(System.out);
        return null;
    }
}

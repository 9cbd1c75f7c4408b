package org.windlass.shell.command;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.cluster.Membership;
import org.windlass.api.job.ScheduleRepository;

@Service
@Command(scope = "windlass", name = "cluster-takeover", description = "Moves schedules of a member (or of all others) to this member, or to the members given")
public class ClusterTakeover implements Action {

    @Reference(optional = true)
    Membership membership;

    @Option(name = "-a", aliases = "--all", description = "The schedules of every other member")
    boolean all;

    @Option(name = "-p", aliases = "--project", description = "Only this project's jobs")
    String project;

    @Option(name = "-j", aliases = "--job", description = "Only these jobs (UUIDs)", multiValued = true)
    List<String> jobs;

    @Option(name = "-t", aliases = "--to", description = "The members the schedules move to, spread evenly (default: this member)", multiValued = true)
    List<String> targets;

    @Argument(index = 0, name = "member", description = "The UUID of the member whose schedules move")
    String member;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "admin");
        Storage.require(membership, "the cluster membership");
        if (!all && member == null) {
            throw new IllegalArgumentException("name the member whose schedules move, or give --all");
        }
        List<ScheduleRepository.Move> moved = membership.takeOver(new Membership.TakeoverRequest(member, all, project,
                jobs == null ? Set.of() : Set.copyOf(jobs), targets == null ? List.of() : targets));
        for (ScheduleRepository.Move m : moved) {
            System.out.println(m.jobUuid() + ": " + m.previousOwner() + " -> " + m.owner());
        }
        System.out.println(moved.size() + " schedule(s) moved");
        return null;
    }
}

package org.windlass.shell.command;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.ClusterMember;
import org.windlass.api.MemberIdentity;
import org.windlass.api.cluster.Membership;

@Service
@Command(scope = "windlass", name = "cluster-members", description = "Lists the cluster's members: state, execution mode, last heartbeat (database time) and load")
public class ClusterMembers implements Action {

    @Reference(optional = true)
    Membership membership;

    @Reference(optional = true)
    MemberIdentity identity;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "read");
        Storage.require(membership, "the cluster membership");
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("UUID");
        table.column("State");
        table.column("Mode");
        table.column("Last heartbeat");
        table.column("Running");
        table.column("CPU");
        table.column("Tags");
        table.column("URL");
        String fenced = membership.fenced();
        for (ClusterMember m : membership.members()) {
            boolean self = identity != null && identity.uuid().equals(m.uuid());
            table.addRow().addContent(m.name() + (self ? " (this member)" : ""), m.uuid(), m.state().name().toLowerCase(Locale.ROOT),
                    m.executionMode().name().toLowerCase(Locale.ROOT),
                    m.lastHeartbeat() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(m.lastHeartbeat()),
                    m.load().running() + "/" + m.load().capacity(),
                    m.load().cpu() < 0 ? "?" : String.format(Locale.ROOT, "%.2f", m.load().cpu()), String.join(",", m.tags()), m.url());
        }
        table.print(System.out);
        if (fenced != null) {
            System.out.println("This member is fenced: " + fenced);
        }
        return null;
    }
}

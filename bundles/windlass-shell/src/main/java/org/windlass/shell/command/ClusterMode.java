package org.windlass.shell.command;

import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.ClusterMember;
import org.windlass.api.ExecutionMode;
import org.windlass.api.MemberIdentity;
import org.windlass.api.cluster.Membership;

@Service
@Command(scope = "windlass", name = "cluster-mode", description = "Shows or sets a member's execution mode (active runs executions, passive runs none)")
public class ClusterMode implements Action {

    @Reference(optional = true)
    Membership membership;

    @Reference(optional = true)
    MemberIdentity identity;

    @Option(name = "-m", aliases = "--member", description = "Another member's UUID (default: this member)")
    String member;

    @Argument(index = 0, name = "mode", description = "active or passive; none shows the mode")
    String mode;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, mode == null ? "read" : "active".equalsIgnoreCase(mode) ? "enable_executions" : "disable_executions");
        Storage.require(membership, "the cluster membership");
        String uuid = member != null ? member : identity == null ? null : identity.uuid();
        if (uuid == null) {
            throw new IllegalStateException("this member's identity is not known yet");
        }
        ClusterMember m;
        if (mode == null) {
            m = membership.member(uuid).orElseThrow(() -> new IllegalArgumentException("no cluster member " + uuid));
        } else {
            ExecutionMode target = switch (mode.toLowerCase(Locale.ROOT)) {
                case "active" -> ExecutionMode.ACTIVE;
                case "passive" -> ExecutionMode.PASSIVE;
                default -> throw new IllegalArgumentException("mode '" + mode + "' is neither active nor passive");
            };
            m = membership.setExecutionMode(uuid, target);
        }
        System.out.println(m.name() + " (" + m.uuid() + "): " + m.executionMode().name().toLowerCase(Locale.ROOT));
        return null;
    }
}

package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.MemberIdentity;

@Service
@Command(scope = "windlass", name = "member-info", description = "Shows this member's UUID, name and version")
public class MemberInfo implements Action {

    @Reference
    MemberIdentity identity;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "read");
        ShellTable table = new ShellTable();
        table.column("UUID");
        table.column("Name");
        table.column("Version");
        table.addRow().addContent(identity.uuid(), identity.name(), identity.version());
        table.print(System.out);
        return null;
    }
}

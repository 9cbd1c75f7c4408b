package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "group-list", description = "Lists the groups of the cluster database with how many users each has")
public class GroupList implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "read");
        Storage.require(users, "the users of the cluster database");
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Members");
        table.column("Description");
        users.groups().forEach(g -> table.addRow().addContent(g.name(), g.members(), g.description() == null ? "" : g.description()));
        table.print(System.out);
        return null;
    }
}

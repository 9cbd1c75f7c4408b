package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "group", description = "Lists, adds (group NAME) or deletes (--delete NAME) groups of the cluster database")
public class Groups implements Action {

    @Reference(optional = true)
    UserService users;

    @Option(name = "-d", aliases = "--delete", description = "Delete the group; its members lose it")
    boolean delete;

    @Option(name = "--description", description = "The new group's description")
    String description;

    @Argument(index = 0, name = "group", description = "The group to add or delete; none lists them")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), name == null ? "read" : delete ? "delete" : "create");
        Storage.require(users, "the users of the cluster database");
        if (name == null) {
            ShellTable table = new ShellTable();
            table.column("Group");
            table.column("Members");
            table.column("Description");
            users.groups().forEach(g -> table.addRow().addContent(g.name(), g.members(), g.description() == null ? "" : g.description()));
            table.print(System.out);
        } else if (delete) {
            System.out.println(users.deleteGroup(name) ? "deleted " + name : "no group " + name);
        } else {
            System.out.println("added " + users.createGroup(name, description).name());
        }
        return null;
    }
}

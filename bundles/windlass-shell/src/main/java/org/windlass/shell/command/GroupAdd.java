package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "group-add", description = "Adds a group to the cluster database (user-add and user-modify also create the groups they name)")
public class GroupAdd implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Option(name = "-d", aliases = "--description", description = "What the group is for")
    String description;

    @Argument(index = 0, name = "group", required = true, description = "The group name")
    String name;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "create");
        Storage.require(users, "the users of the cluster database");
        System.out.println("added " + users.createGroup(name, description).name());
        return null;
    }
}

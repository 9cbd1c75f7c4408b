package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "group-delete", description = "Deletes a group of the cluster database; its members lose it")
public class GroupDelete implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Argument(index = 0, name = "group", required = true, description = "The group name")
    String name;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "delete");
        Storage.require(users, "the users of the cluster database");
        System.out.println(users.deleteGroup(name) ? "deleted " + name : "no group " + name);
        return null;
    }
}

package org.windlass.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "user-modify", description = "Changes a user's groups, enables or disables it, or deletes it")
public class UserModify implements Action {

    @Reference(optional = true)
    UserService users;

    @Option(name = "-g", aliases = "--group", description = "The user's groups from now on (replaces them); repeat for several", multiValued = true)
    List<String> groups;

    @Option(name = "--disable", description = "The user may no longer log in")
    boolean disable;

    @Option(name = "--enable", description = "The user may log in again")
    boolean enable;

    @Option(name = "-d", aliases = "--delete", description = "Delete the user")
    boolean delete;

    @Argument(index = 0, name = "user", required = true, description = "The user name")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), delete ? "delete" : "update");
        Storage.require(users, "the users of the cluster database");
        if (delete) {
            System.out.println(users.delete(name) ? "deleted " + name : "no user " + name);
            return null;
        }
        if (disable && enable) {
            throw new IllegalArgumentException("--enable and --disable together");
        }
        UserService.User u = users.update(name, groups == null ? null : Users.groups(groups), null, null, null,
                disable ? Boolean.FALSE : enable ? Boolean.TRUE : null);
        System.out.println(u.name() + ": groups " + u.groups() + (u.enabled() ? "" : " (disabled)"));
        return null;
    }
}

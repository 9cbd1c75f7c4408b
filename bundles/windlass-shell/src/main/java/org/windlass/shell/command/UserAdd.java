package org.windlass.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "user-add", description = "Adds a user to the cluster database; it logs in on every member at once")
public class UserAdd implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference
    Session session;

    @Option(name = "-g", aliases = "--group", description = "A group (its role); repeat for several", multiValued = true)
    List<String> groups;

    @Option(name = "-p", aliases = "--password", description = "The password (asked for when left out)")
    String password;

    @Option(name = "-e", aliases = "--email", description = "E-mail address")
    String email;

    @Argument(index = 0, name = "user", required = true, description = "The user name")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "create");
        Storage.require(users, "the users of the cluster database");
        UserService.User u = users.create(name, Users.password(session, password), Users.groups(groups), email, null, null);
        System.out.println("added " + u.name() + " with groups " + u.groups());
        return null;
    }
}

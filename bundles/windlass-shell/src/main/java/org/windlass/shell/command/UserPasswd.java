package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "user-passwd", description = "Sets the password of a user of the cluster database")
public class UserPasswd implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference
    Session session;

    @Option(name = "-p", aliases = "--password", description = "The new password (asked for when left out)")
    String password;

    @Argument(index = 0, name = "user", required = true, description = "The user name")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        if (!name.equals(ShellUser.nameOrConsole())) {
            ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "update");
        }
        Storage.require(users, "the users of the cluster database");
        users.setPassword(name, Users.password(session, password));
        System.out.println("password of " + name + " changed");
        return null;
    }
}

package org.windlass.shell.command;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.security.UserService;

@Service
@Command(scope = "windlass", name = "user-list", description = "Lists the users of the cluster database (the realm's database login module) with their groups")
public class Users implements Action {

    @Reference(optional = true)
    UserService users;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "user"), "read");
        Storage.require(users, "the users of the cluster database");
        ShellTable table = new ShellTable();
        table.column("User");
        table.column("Groups");
        table.column("Enabled");
        table.column("Email");
        for (UserService.User u : users.list()) {
            table.addRow().addContent(u.name(), String.join(",", u.groups()), u.enabled() ? "yes" : "no", u.email() == null ? "" : u.email());
        }
        table.print(System.out);
        return null;
    }

    /** Reads a password from the option, else asks for it twice without echo. */
    static char[] password(org.apache.karaf.shell.api.console.Session session, String given) throws java.io.IOException {
        if (given != null) {
            return given.toCharArray();
        }
        String first = session.readLine("Password: ", '*');
        String second = session.readLine("Password again: ", '*');
        if (first == null || !first.equals(second)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first.toCharArray();
    }

    static Set<String> groups(List<String> groups) {
        return groups == null ? Set.of() : Set.copyOf(groups);
    }
}

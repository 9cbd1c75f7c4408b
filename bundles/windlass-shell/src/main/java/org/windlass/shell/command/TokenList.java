package org.windlass.shell.command;

import java.time.Instant;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;

@Service
@Command(scope = "windlass", name = "token-list", description = "Lists API tokens (yours, or everyone's for an admin)")
public class TokenList implements Action {

    @Reference
    ApiTokenService tokens;

    @Argument(index = 0, name = "user", description = "Only this user's tokens", required = false)
    String user;

    @Override
    public Object execute() {
        AuthenticatedUser me = ShellUser.current();
        String scope = user;
        if (!me.isAdmin()) {
            if (user != null && !user.equals(me.name())) {
                throw new IllegalArgumentException("user '" + me.name() + "' may not list the tokens of user '" + user + "'");
            }
            scope = me.name();
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("User");
        table.column("Name");
        table.column("Roles");
        table.column("Expiration");
        table.column("Expired");
        Instant now = Instant.now();
        for (ApiToken t : tokens.list(scope)) {
            table.addRow().addContent(t.id(), t.user(), t.name() == null ? "" : t.name(), String.join(",", t.roles()),
                    t.expiration() == null ? "never" : t.expiration().toString(), t.isExpired(now));
        }
        table.print(System.out);
        return null;
    }
}

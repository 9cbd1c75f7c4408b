package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.ApiToken;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.AuthenticatedUser;

@Service
@Command(scope = "windlass", name = "token-revoke", description = "Revokes an API token by id")
public class TokenRevoke implements Action {

    @Reference
    ApiTokenService tokens;

    @Argument(index = 0, name = "id", description = "The token id (see windlass:token-list)", required = true)
    String id;

    @Override
    public Object execute() {
        AuthenticatedUser me = ShellUser.current();
        ApiToken token = tokens.get(id).filter(t -> me.isAdmin() || t.user().equals(me.name()))
                .orElseThrow(() -> new IllegalArgumentException("no token with id " + id));
        tokens.revoke(token.id());
        System.out.println("Revoked token " + token.id() + " of user " + token.user());
        return null;
    }
}

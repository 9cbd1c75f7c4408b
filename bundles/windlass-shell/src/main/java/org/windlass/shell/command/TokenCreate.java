package org.windlass.shell.command;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.ApiTokenService;
import org.windlass.api.security.CreatedToken;

@Service
@Command(scope = "windlass", name = "token-create", description = "Creates an API token; its secret is shown once")
public class TokenCreate implements Action {

    @Reference
    ApiTokenService tokens;

    @Option(name = "-u", aliases = "--user", description = "The user the token authenticates as (default: you)")
    String user;

    @Option(name = "-r", aliases = "--roles", description = "Comma-separated roles (default: your roles)")
    String roles;

    @Option(name = "-d", aliases = "--duration", description = "Lifetime, e.g. 30d, 12h (default: the configured maximum)")
    String duration;

    @Option(name = "-n", aliases = "--name", description = "A label for the token")
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "apitoken", java.util.Map.of("username", user == null ? ShellUser.nameOrConsole() : user), "generate");
        Set<String> roleSet = new LinkedHashSet<>();
        if (roles != null) {
            for (String r : roles.split(",")) {
                if (!r.isBlank()) {
                    roleSet.add(r.strip());
                }
            }
        }
        Duration life = duration == null ? null : ApiTokenService.parseDuration(duration);
        CreatedToken created = tokens.create(ShellUser.current(), user, roleSet, life, name);
        System.out.println("Token:      " + created.secret());
        System.out.println("ID:         " + created.token().id());
        System.out.println("User:       " + created.token().user());
        System.out.println("Roles:      " + String.join(",", created.token().roles()));
        System.out.println("Expiration: " + (created.token().expiration() == null ? "never" : created.token().expiration()));
        return null;
    }
}

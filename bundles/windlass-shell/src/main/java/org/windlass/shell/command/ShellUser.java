package org.windlass.shell.command;

import java.security.AccessController;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.windlass.api.security.AuthenticatedUser;

/** The user a shell session runs as: the JAAS subject Karaf attached to it. */
final class ShellUser {

    private ShellUser() {
    }

    @SuppressWarnings("removal")
    static AuthenticatedUser current() {
        Subject subject = Subject.getSubject(AccessController.getContext());
        if (subject == null) {
            throw new IllegalStateException("this shell session has no logged-in user");
        }
        String name = subject.getPrincipals(UserPrincipal.class).stream().map(UserPrincipal::getName).findFirst()
                .orElseThrow(() -> new IllegalStateException("this shell session has no logged-in user"));
        Set<String> roles = new LinkedHashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(r -> roles.add(r.getName()));
        return new AuthenticatedUser(name, roles, "shell");
    }

    /** @return the session's user name, or {@code console} for the local console without a JAAS subject */
    static String nameOrConsole() {
        try {
            return current().name();
        } catch (IllegalStateException e) {
            return "console";
        }
    }
}

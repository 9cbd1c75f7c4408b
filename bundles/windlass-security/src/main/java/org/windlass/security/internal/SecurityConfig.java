package org.windlass.security.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.windlass.security}. */
@ObjectClassDefinition(name = "Windlass security", description = "The windlass JAAS realm, the admin user and API tokens")
public @interface SecurityConfig {

    String PID = "org.windlass.security";

    @AttributeDefinition(name = "Realm file", description = "Users in Rundeck's realm.properties syntax; default ${karaf.etc}/windlass-realm.properties", required = false)
    String realm_file() default "";

    @AttributeDefinition(name = "Admin user", description = "The user created with a generated password on first start")
    String admin_user() default "admin";

    @AttributeDefinition(name = "Admin password", description = "When set, the admin user's password (the environment variable WINDLASS_ADMIN_PASSWORD wins over it)", required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String admin_password() default "";

    @AttributeDefinition(name = "Maximum token duration", description = "Longest lifetime of an API token (Rundeck syntax: 30d, 12h, ...); 0 for no limit")
    String token_maxDuration() default "30d";

    @AttributeDefinition(name = "Failed logins before a pause", description = "After this many failed logins of one user, or from one address, within login.window, logins of that user or from that address are refused for login.lockout; 0 turns the limit off")
    int login_maxFailures() default 5;

    @AttributeDefinition(name = "Window of failed logins", description = "How far back failed logins count (Rundeck syntax: 5m, 1h)")
    String login_window() default "5m";

    @AttributeDefinition(name = "Pause after too many failed logins", description = "How long logins are refused once the limit is reached; it doubles at each further failure, up to 1h")
    String login_lockout() default "1m";

    @AttributeDefinition(name = "Login modules", description = "The windlass realm's login modules in order, each with a JAAS flag: file (the realm file), database (users in the cluster database), ldap (the ldap.* settings); e.g. file:sufficient, database:sufficient, ldap:sufficient")
    String realm_modules() default "file:sufficient, database:sufficient";
}

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
}

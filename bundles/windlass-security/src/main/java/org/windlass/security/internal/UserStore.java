package org.windlass.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.security.AuthenticatedUser;

/**
 * The users of the {@code windlass} realm, kept in the realm file. On activation it makes sure
 * the admin user exists: with the configured password when one is given (environment variable
 * {@code WINDLASS_ADMIN_PASSWORD}, else {@code admin.password}), else with a generated one that is
 * written once to {@code ${karaf.data}/windlass/initial-admin-password} (mode 0600).
 */
@Component(service = UserStore.class, configurationPid = SecurityConfig.PID)
@Designate(ocd = SecurityConfig.class)
public class UserStore {

    static final String ENV_ADMIN_PASSWORD = "WINDLASS_ADMIN_PASSWORD";
    static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

    private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);

    private final RealmFile realm;

    @Activate
    public UserStore(BundleContext context, SecurityConfig config) {
        this(config.realm_file().isBlank() ? Dirs.etc(context).resolve("windlass-realm.properties") : Path.of(config.realm_file()),
                Dirs.windlassData(context), config.admin_user(),
                firstNonBlank(System.getenv(ENV_ADMIN_PASSWORD), config.admin_password()));
    }

    UserStore(Path realmFile, Path windlassData, String adminUser, String configuredPassword) {
        this.realm = new RealmFile(realmFile);
        try {
            bootstrapAdmin(windlassData, adminUser, configuredPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the admin user in " + realmFile, e);
        }
    }

    private void bootstrapAdmin(Path windlassData, String adminUser, String configuredPassword) throws IOException {
        Path initialFile = windlassData.resolve(INITIAL_PASSWORD_FILE);
        Optional<RealmFile.User> existing = realm.user(adminUser);
        Set<String> roles = new LinkedHashSet<>(existing.map(RealmFile.User::roles).orElse(Set.of()));
        roles.add(AuthenticatedUser.ADMIN_ROLE);
        if (configuredPassword != null) {
            char[] password = configuredPassword.toCharArray();
            if (existing.isEmpty() || !Passwords.matches(existing.get().credential(), password)
                    || !existing.get().credential().startsWith(Passwords.BCRYPT_PREFIX)
                    || !existing.get().roles().contains(AuthenticatedUser.ADMIN_ROLE)) {
                realm.put(adminUser, Passwords.hash(password), roles);
                LOG.info("Set the password of the Windlass user '{}' from the configuration", adminUser);
            }
            if (Files.deleteIfExists(initialFile)) {
                LOG.info("Removed {}: the configured password replaces the generated one", initialFile);
            }
            return;
        }
        if (existing.isPresent()) {
            return;
        }
        char[] generated = Passwords.generate(24);
        Files.createDirectories(windlassData);
        SecureFiles.writeAtomically(initialFile, new String(generated) + "\n");
        realm.put(adminUser, Passwords.hash(generated), roles);
        Arrays.fill(generated, '\0');
        LOG.info("Created the Windlass user '{}' with a generated password: it is in {} (readable by this account only). "
                + "Set {} or admin.password in etc/{}.cfg to choose it.", adminUser, initialFile, ENV_ADMIN_PASSWORD, SecurityConfig.PID);
    }

    /** @return the user's roles when the password is right */
    Optional<Set<String>> check(String user, char[] password) {
        try {
            return realm.user(user).filter(u -> Passwords.matches(u.credential(), password)).map(RealmFile.User::roles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realm.path(), e);
        }
    }

    /** @return the user's roles, when the user exists */
    Optional<Set<String>> roles(String user) {
        try {
            return realm.user(user).map(RealmFile.User::roles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the realm file " + realm.path(), e);
        }
    }

    Path realmFile() {
        return realm.path();
    }


    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}

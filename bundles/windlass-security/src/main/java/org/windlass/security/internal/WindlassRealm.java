package org.windlass.security.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.security.Authenticator;
import org.windlass.api.security.UserService;

/**
 * Publishes the {@code windlass} JAAS realm to Karaf, which the SSH shell, the web console, the web
 * UI and the REST API all log in against. Its login modules come from {@code realm.modules} in
 * etc/org.windlass.security.cfg, in order, each with a JAAS flag: {@code file} (the realm file,
 * {@link RealmLoginModule}), {@code database} (the users in the cluster database,
 * {@link DbLoginModule}) and {@code ldap} (LDAP or Active Directory, with the {@code ldap.*}
 * settings). They are loaded from this bundle through Karaf's proxy login module, after
 * {@link ThrottleLoginModule}, which refuses users with too many failed logins at every front door.
 */
@Component(service = JaasRealm.class, property = "org.apache.karaf.jaas.realm=" + Authenticator.REALM,
        configurationPid = SecurityConfig.PID)
public class WindlassRealm implements JaasRealm {

    private static final Logger LOG = LoggerFactory.getLogger(WindlassRealm.class);
    static final String LDAP_MODULE = "org.windlass.security.internal.ldap.LdapLoginModule";

    private final AppConfigurationEntry[] entries;
    private volatile UserService users;

    @Activate
    public WindlassRealm(BundleContext context, @Reference UserStore store, @Reference LoginThrottle throttle, SecurityConfig config,
                         Map<String, Object> props) {
        List<AppConfigurationEntry> list = new ArrayList<>();
        Map<String, Object> first = new HashMap<>();
        first.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        first.put(BundleContext.class.getName(), context);
        first.put(ProxyLoginModule.PROPERTY_MODULE, ThrottleLoginModule.class.getName());
        first.put(ThrottleLoginModule.OPTION_THROTTLE, throttle);
        list.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUISITE, first));
        Supplier<UserService> userSupplier = () -> users;
        for (Module m : modules(config.realm_modules())) {
            Map<String, Object> options = new HashMap<>();
            options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
            options.put(BundleContext.class.getName(), context);
            switch (m.name()) {
                case "file" -> {
                    options.put(ProxyLoginModule.PROPERTY_MODULE, RealmLoginModule.class.getName());
                    options.put(RealmLoginModule.OPTION_STORE, store);
                }
                case "database" -> {
                    options.put(ProxyLoginModule.PROPERTY_MODULE, DbLoginModule.class.getName());
                    options.put(DbLoginModule.OPTION_USERS, userSupplier);
                }
                case "ldap" -> {
                    options.put(ProxyLoginModule.PROPERTY_MODULE, LDAP_MODULE);
                    props.forEach((k, v) -> {
                        if (k.startsWith("ldap.") && v != null) {
                            options.put(k.substring("ldap.".length()), v.toString());
                        }
                    });
                }
                default -> throw new IllegalStateException("unreachable: " + m.name());
            }
            list.add(new AppConfigurationEntry(ProxyLoginModule.class.getName(), m.flag(), options));
        }
        entries = list.toArray(new AppConfigurationEntry[0]);
        LOG.info("The windlass realm logs users in with: {}", config.realm_modules());
    }

    /** A login module and its JAAS flag. */
    record Module(String name, LoginModuleControlFlag flag) {
    }

    /**
     * Reads {@code realm.modules}: a comma list of {@code file}, {@code database} and {@code ldap},
     * each optionally with {@code :sufficient} (the default), {@code :required}, {@code :requisite}
     * or {@code :optional}. A wrong entry is logged and left out rather than locking every front door;
     * with none left the realm file alone is used.
     */
    static List<Module> modules(String text) {
        List<Module> out = new ArrayList<>();
        for (String raw : (text == null ? "" : text).split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split(":", 2);
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            String flagText = parts.length > 1 ? parts[1].strip().toLowerCase(Locale.ROOT) : "sufficient";
            LoginModuleControlFlag flag = switch (flagText) {
                case "sufficient" -> LoginModuleControlFlag.SUFFICIENT;
                case "required" -> LoginModuleControlFlag.REQUIRED;
                case "requisite" -> LoginModuleControlFlag.REQUISITE;
                case "optional" -> LoginModuleControlFlag.OPTIONAL;
                default -> null;
            };
            if (!List.of("file", "database", "ldap").contains(name) || flag == null) {
                LOG.error("realm.modules: '{}' is not a module (file, database, ldap) with a flag (sufficient, required, requisite, optional);"
                        + " it is left out", item);
                continue;
            }
            out.add(new Module(name, flag));
        }
        if (out.isEmpty()) {
            LOG.error("realm.modules '{}' names no usable login module; the realm file alone is used", text);
            out.add(new Module("file", LoginModuleControlFlag.REQUIRED));
        }
        return out;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindUsers(UserService u) {
        this.users = u;
    }

    void unbindUsers(UserService u) {
        if (this.users == u) {
            this.users = null;
        }
    }

    @Override
    public String getName() {
        return Authenticator.REALM;
    }

    @Override
    public int getRank() {
        return 0;
    }

    @Override
    public AppConfigurationEntry[] getEntries() {
        return entries.clone();
    }
}

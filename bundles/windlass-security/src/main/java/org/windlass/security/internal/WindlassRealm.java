package org.windlass.security.internal;

import java.util.HashMap;
import java.util.Map;

import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.security.Authenticator;

/**
 * Publishes the {@code windlass} JAAS realm to Karaf, which the SSH shell, the web console and the
 * REST API all log in against. Its module is {@link RealmLoginModule}, loaded from this bundle
 * through Karaf's proxy login module.
 */
@Component(service = JaasRealm.class, property = "org.apache.karaf.jaas.realm=" + Authenticator.REALM)
public class WindlassRealm implements JaasRealm {

    private final AppConfigurationEntry[] entries;

    @Activate
    public WindlassRealm(BundleContext context, @Reference UserStore store) {
        Map<String, Object> options = new HashMap<>();
        options.put(ProxyLoginModule.PROPERTY_MODULE, RealmLoginModule.class.getName());
        options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
        options.put(BundleContext.class.getName(), context);
        options.put(RealmLoginModule.OPTION_STORE, store);
        entries = new AppConfigurationEntry[] {
            new AppConfigurationEntry(ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)
        };
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

package org.windlass.logstore.s3.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.execution.ExecutionRepository;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;
import org.windlass.api.storage.SecretResolver;

/**
 * The {@code s3} log store plugin, one per factory configuration: an {@link S3Store}. A
 * configuration the store refuses (no bucket, an endpoint that is not a URL, ...) still registers
 * the plugin, so that the engine and the status API name the mistake: every call fails with it
 * and {@link #status()} reports it.
 */
@Component(service = LogStore.class, configurationPid = S3Config.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = S3Config.class, factory = true)
@WindlassPlugin(type = LogStore.TYPE, name = "s3")
public class S3LogStore implements LogStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3LogStore.class);

    private final S3Store store;
    private final String configError;

    @Activate
    public S3LogStore(S3Config config, @Reference ExecutionRepository executions, @Reference SecretResolver secrets) {
        S3Store s = null;
        String error = null;
        try {
            s = new S3Store(config, executions::find, S3Store.client(config, secrets), S3Store.spoolDir(config));
        } catch (IllegalArgumentException | IllegalStateException e) {
            error = e.getMessage();
            LOG.error("{}; the store refuses every log until its configuration is corrected", error);
        }
        this.store = s;
        this.configError = error;
    }

    @Deactivate
    void deactivate() {
        if (store != null) {
            store.deactivate();
        }
    }

    private S3Store store() throws PluginException {
        if (store == null) {
            throw new PluginException("ConfigurationFailure", configError);
        }
        return store;
    }

    @Override
    public Writer open(long executionId) throws PluginException {
        return store().open(executionId);
    }

    @Override
    public Slice read(long executionId, long offset, int maxEvents) throws PluginException {
        return store().read(executionId, offset, maxEvents);
    }

    @Override
    public Slice readLast(long executionId, int maxEvents) throws PluginException {
        return store().readLast(executionId, maxEvents);
    }

    @Override
    public long size(long executionId) throws PluginException {
        return store().size(executionId);
    }

    @Override
    public State state(long executionId) throws PluginException {
        return store().state(executionId);
    }

    @Override
    public void delete(long executionId) throws PluginException {
        store().delete(executionId);
    }

    @Override
    public Status status() {
        return store == null ? new Status(0, 0, java.util.List.of(), configError) : store.status();
    }

    @Override
    public int resumePending() {
        return store == null ? 0 : store.resumePending();
    }
}

package org.windlass.persistence.internal;

import java.util.Hashtable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the cluster database's schema up to date with Flyway, then registers {@link SchemaReady}.
 *
 * <p>Several members starting together on an empty or older schema: Flyway takes a database lock
 * (MariaDB/MySQL {@code GET_LOCK}, PostgreSQL advisory lock, H2 table lock) around the migration,
 * so exactly one member applies it and the others wait, then find nothing left to do. A lock held
 * by a member that dies is released with its connection.
 *
 * <p>A database that cannot be reached is retried with backoff until it answers: the member comes
 * up without it and its storage services appear once it is back.
 */
@Component(immediate = true, configurationPid = SchemaMigrator.PID)
@Designate(ocd = SchemaMigrator.Config.class)
public class SchemaMigrator {

    static final String PID = "org.windlass.persistence";
    static final String HISTORY_TABLE = "wl_schema_history";

    @ObjectClassDefinition(name = "Windlass persistence")
    public @interface Config {
        @AttributeDefinition(description = "Filter selecting the DataSource of the cluster database")
        String dataSource_target() default "(dataSourceName=windlass)";

        @AttributeDefinition(description = "Longest wait between two attempts to reach the database, in seconds")
        int retry_maxSeconds() default 30;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final BundleContext context;
    private final DataSource dataSource;
    private final int maxDelaySeconds;
    private final ScheduledExecutorService executor;
    private volatile ServiceRegistration<SchemaReady> registration;
    private volatile boolean stopped;
    private int attempts;

    @Activate
    public SchemaMigrator(BundleContext context, @Reference(name = "dataSource") DataSource dataSource, Config config) {
        this.context = context;
        this.dataSource = dataSource;
        this.maxDelaySeconds = Math.max(1, config.retry_maxSeconds());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "windlass-schema-migrator");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::attempt);
    }

    /** Applies the migrations; usable without OSGi (tests, tools). */
    static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }

    /** @return the schema version the database is at now (whoever applied it) */
    static String currentVersion(Flyway flyway) {
        org.flywaydb.core.api.MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration/" + vendor(dataSource))
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .load();
    }

    /** @return the migration folder for the database: h2, mariadb (also for MySQL 8) or postgresql */
    static String vendor(DataSource dataSource) {
        String product;
        try (java.sql.Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot connect to the cluster database: " + e.getMessage(), e);
        }
        if (product.contains("mysql")) {
            return "mariadb";
        }
        for (String vendor : new String[] {"h2", "mariadb", "postgresql"}) {
            if (product.contains(vendor)) {
                return vendor;
            }
        }
        throw new IllegalStateException("unsupported database '" + product + "': Windlass supports H2, MariaDB, MySQL and PostgreSQL");
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        attempts++;
        try {
            Flyway flyway = flyway(dataSource);
            MigrateResult result = flyway.migrate();
            String version = currentVersion(flyway);
            LOG.info("Cluster database schema is at version {} ({} migration(s) applied by this member, database {})",
                    version, result.migrationsExecuted, result.database);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("windlass.schema.version", String.valueOf(version));
            if (!stopped) {
                registration = context.registerService(SchemaReady.class, new SchemaReady(String.valueOf(version), vendor(dataSource)), props);
            }
        } catch (RuntimeException e) {
            long delay = Math.min(maxDelaySeconds, 1L << Math.min(attempts - 1, 5));
            if (attempts == 1) {
                LOG.warn("Cannot bring the cluster database schema up to date; retrying every {} s at most until it answers",
                        maxDelaySeconds, e);
            } else {
                LOG.warn("Cluster database still not ready (attempt {}): {}; next attempt in {} s", attempts, rootMessage(e), delay);
            }
            if (!stopped) {
                executor.schedule(this::attempt, delay, TimeUnit.SECONDS);
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        executor.shutdownNow();
        ServiceRegistration<SchemaReady> r = registration;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and took it down already
            }
        }
    }
}

package org.windlass.persistence.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The same contract against a real PostgreSQL server over TCP (127.0.0.1:5432, user postgres,
 * trust authentication, or {@code windlass.test.postgres.*}); every test gets a database of its own.
 */
class PostgresProjectServiceTest extends ProjectServiceContract {

    static final String HOST = System.getProperty("windlass.test.postgres.host", "127.0.0.1");
    static final int PORT = Integer.getInteger("windlass.test.postgres.port", 5432);
    static final String USER = System.getProperty("windlass.test.postgres.user", "postgres");
    static final String PASSWORD = System.getProperty("windlass.test.postgres.password", "");

    private String database;

    @Override
    protected DataSource freshDatabase() throws Exception {
        database = "windlass_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
        }
        return sameDatabase();
    }

    @Override
    protected DataSource sameDatabase() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {PORT});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }
}

package org.windlass.persistence.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbDataSource;

/**
 * The same contract against a real MariaDB server over TCP (127.0.0.1:3306, or
 * {@code windlass.test.mariadb.url}); every test gets a database of its own.
 */
class MariaDbProjectServiceTest extends ProjectServiceContract {

    static final String SERVER = System.getProperty("windlass.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    static final String USER = System.getProperty("windlass.test.mariadb.user", "root");
    static final String PASSWORD = System.getProperty("windlass.test.mariadb.password", "");

    private String database;

    @Override
    protected DataSource freshDatabase() throws Exception {
        database = "windlass_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(SERVER, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return sameDatabase();
    }

    @Override
    protected DataSource sameDatabase() throws Exception {
        MariaDbDataSource ds = new MariaDbDataSource(SERVER + database);
        ds.setUser(USER);
        ds.setPassword(PASSWORD);
        return ds;
    }
}

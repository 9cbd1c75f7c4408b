package org.windlass.persistence.internal;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

class H2ProjectServiceTest extends ProjectServiceContract {

    private String url;

    @Override
    protected DataSource freshDatabase() {
        url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        return sameDatabase();
    }

    @Override
    protected boolean shared() {
        return false;
    }

    @Override
    protected DataSource sameDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        return ds;
    }
}

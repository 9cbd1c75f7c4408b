package org.windlass.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A member on PostgreSQL (127.0.0.1:5432, user postgres, trust), on a database of this run's own. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PostgresMemberTest extends WindlassTestSupport {

    static final String PASSWORD = "Postgres-Admin-Pw-1";

    @Configuration
    public Option[] config() throws Exception {
        String host = System.getProperty("windlass.test.postgres.host", "127.0.0.1");
        String port = System.getProperty("windlass.test.postgres.port", "5432");
        String db = "windlass_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db + " ENCODING 'UTF8'");
        }
        String ds = "etc/org.ops4j.datasource-windlass.cfg";
        List<Option> options = baseOptions();
        options.add(editConfigurationFilePut(ds, "osgi.jdbc.driver.class", "org.postgresql.Driver"));
        options.add(editConfigurationFilePut(ds, "url", "jdbc:postgresql://" + host + ":" + port + "/" + db));
        options.add(editConfigurationFilePut(ds, "user", "postgres"));
        options.add(editConfigurationFilePut(ds, "password", ""));
        options.add(editConfigurationFilePut("etc/org.windlass.security.cfg", "admin.password", PASSWORD));
        return options.toArray(new Option[0]);
    }

    @Test
    public void projectsKeysAndTokensWorkOnPostgres() throws Exception {
        String auth = basic("admin", PASSWORD);
        awaitStorage(auth);
        assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"on-pg\",\"config\":{\"a\":\"1\"}}", "Authorization", auth, "Content-Type", JSON).statusCode());
        assertEquals(200, send("PUT", "/api/48/project/on-pg/config/a", "{\"value\":\"2\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
        assertTrue(get("/api/48/project/on-pg/config", "Authorization", auth).body().contains("\"a\":\"2\""));
        assertEquals(201, send("POST", "/api/48/storage/keys/pg/id_rsa.pub", "ssh-ed25519 AAAA pg", "Authorization", auth,
                "Content-Type", "application/pgp-keys").statusCode());
        assertEquals("ssh-ed25519 AAAA pg", get("/api/48/storage/keys/pg/id_rsa.pub", "Authorization", auth, "Accept", "application/pgp-keys").body());
        HttpResponse<String> token = send("POST", "/api/48/tokens", "{\"duration\":\"1h\"}", "Authorization", auth, "Content-Type", JSON);
        assertEquals(201, token.statusCode());
        assertEquals(200, get("/api/48/system/info", "X-Rundeck-Auth-Token", MemberBootTest.field(token.body(), "token")).statusCode());
        javax.sql.DataSource ds = bundleContext.getService(bundleContext.getServiceReferences(javax.sql.DataSource.class, "(dataSourceName=windlass)").iterator().next());
        try (Connection c = ds.getConnection()) {
            assertTrue(c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres"));
        }
    }
}

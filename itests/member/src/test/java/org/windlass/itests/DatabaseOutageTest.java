package org.windlass.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The cluster database goes away and comes back: the API answers 503 with a clear message
 * meanwhile, nothing half-written stays, and the member recovers by itself.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabaseOutageTest extends WindlassTestSupport {

    static final String PASSWORD = "Outage-Admin-Pw-1";

    @Configuration
    public Option[] config() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mariadb-");
        int port = freePort();
        ThrowawayMariaDb db = ThrowawayMariaDb.create(dir.resolve("data"), port);
        db.start();
        try (java.sql.Connection c = new org.mariadb.jdbc.MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/?user=root").getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE windlass CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        String ds = "etc/org.ops4j.datasource-windlass.cfg";
        List<Option> options = baseOptions();
        options.add(editConfigurationFilePut(ds, "osgi.jdbc.driver.class", "org.mariadb.jdbc.Driver"));
        options.add(editConfigurationFilePut(ds, "url", "jdbc:mariadb://127.0.0.1:" + port + "/windlass"));
        options.add(editConfigurationFilePut(ds, "user", "root"));
        options.add(editConfigurationFilePut(ds, "password", ""));
        options.add(editConfigurationFilePut(ds, "jdbc.pool.maxWaitMillis", "2000"));
        options.add(editConfigurationFilePut("etc/org.windlass.security.cfg", "admin.password", PASSWORD));
        options.add(systemProperty("windlass.itest.dbDir").value(dir.resolve("data").toString()));
        options.add(systemProperty("windlass.itest.dbPort").value(Integer.toString(port)));
        return options.toArray(new Option[0]);
    }

    @Test
    public void theApiAnswers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
        ThrowawayMariaDb db = new ThrowawayMariaDb(Path.of(System.getProperty("windlass.itest.dbDir")),
                Integer.parseInt(System.getProperty("windlass.itest.dbPort")));
        String auth = basic("admin", PASSWORD);
        await().atMost(Duration.ofSeconds(120)).until(() -> get("/api/48/projects", "Authorization", auth).statusCode() == 200);
        assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"before\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
        try {
            db.stop();
            HttpResponse<String> down = await().atMost(Duration.ofSeconds(60))
                    .until(() -> get("/api/48/projects", "Authorization", auth), r -> r.statusCode() == 503);
            assertTrue(down.body(), down.body().contains("\"errorCode\":\"api.error.storage.unavailable\""));
            assertTrue(down.body(), down.body().contains("cluster database cannot be reached"));
            HttpResponse<String> write = send("POST", "/api/48/projects", "{\"name\":\"during\"}", "Authorization", auth, "Content-Type", JSON);
            assertEquals(503, write.statusCode());
            assertEquals(503, send("POST", "/api/48/storage/keys/outage/pw", "x", "Authorization", auth,
                    "Content-Type", "application/x-rundeck-data-password").statusCode());
            // the parts of the member that do not need the database go on
            assertEquals(200, get("/health").statusCode());
            assertEquals(200, get("/api/48/system/info", "Authorization", auth).statusCode());
        } finally {
            db.start();
        }
        HttpResponse<String> back = await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/48/projects", "Authorization", auth), r -> r.statusCode() == 200);
        assertTrue(back.body(), back.body().contains("\"name\":\"before\""));
        assertTrue("nothing half-written during the outage", !back.body().contains("\"name\":\"during\""));
        assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"after\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
    }
}

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
 * A member whose database is not there when it starts: it comes up anyway, answers 503 for
 * storage, and migrates and serves as soon as the database appears.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DatabaseDownAtStartTest extends WindlassTestSupport {

    static final String PASSWORD = "Late-Db-Admin-Pw-1";

    @Configuration
    public Option[] config() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "mariadb-late-");
        int port = freePort();
        ThrowawayMariaDb.create(dir.resolve("data"), port);
        String ds = "etc/org.ops4j.datasource-windlass.cfg";
        List<Option> options = baseOptions();
        options.add(editConfigurationFilePut(ds, "osgi.jdbc.driver.class", "org.mariadb.jdbc.Driver"));
        options.add(editConfigurationFilePut(ds, "url", "jdbc:mariadb://127.0.0.1:" + port + "/windlass?createDatabaseIfNotExist=true"));
        options.add(editConfigurationFilePut(ds, "user", "root"));
        options.add(editConfigurationFilePut(ds, "password", ""));
        options.add(editConfigurationFilePut(ds, "jdbc.pool.maxWaitMillis", "2000"));
        options.add(editConfigurationFilePut("etc/org.windlass.persistence.cfg", "retry.maxSeconds", "2"));
        options.add(editConfigurationFilePut("etc/org.windlass.security.cfg", "admin.password", PASSWORD));
        options.add(systemProperty("windlass.itest.dbDir").value(dir.resolve("data").toString()));
        options.add(systemProperty("windlass.itest.dbPort").value(Integer.toString(port)));
        return options.toArray(new Option[0]);
    }

    @Test
    public void theMemberComesUpWithoutItsDatabaseAndUsesItOnceItAppears() throws Exception {
        String auth = basic("admin", PASSWORD);
        assertEquals(200, get("/health").statusCode());
        HttpResponse<String> waiting = get("/api/48/projects", "Authorization", auth);
        assertEquals(waiting.body(), 503, waiting.statusCode());
        assertTrue(waiting.body(), waiting.body().contains("api.error.storage.unavailable"));

        ThrowawayMariaDb db = new ThrowawayMariaDb(Path.of(System.getProperty("windlass.itest.dbDir")),
                Integer.parseInt(System.getProperty("windlass.itest.dbPort")));
        db.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> get("/api/48/projects", "Authorization", auth).statusCode() == 200);
            assertEquals(201, send("POST", "/api/48/projects", "{\"name\":\"late\"}", "Authorization", auth, "Content-Type", JSON).statusCode());
            String log = Files.readString(karafData().resolve("log/karaf.log"));
            assertTrue("the wait is logged", log.contains("Cannot bring the cluster database schema up to date"));
            assertTrue("then the migration", log.contains("Cluster database schema is at version"));
        } finally {
            db.stop();
        }
    }
}

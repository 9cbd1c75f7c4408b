package org.windlass.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A member whose operator chose the admin password in etc/org.windlass.security.cfg. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConfiguredPasswordTest extends WindlassTestSupport {

    static final String PASSWORD = "Configured-Admin-Pw-7";

    @Configuration
    public Option[] config() {
        List<Option> options = baseOptions();
        options.add(editConfigurationFilePut("etc/org.windlass.security.cfg", "admin.password", PASSWORD));
        return options.toArray(new Option[0]);
    }

    @Test
    public void theConfiguredPasswordWinsAndNoneIsGenerated() throws Exception {
        assertFalse(Files.exists(karafData().resolve("windlass/initial-admin-password")));
        assertEquals(200, get("/api/48/system/info", "Authorization", basic("admin", PASSWORD)).statusCode());
        assertEquals(200, get("/system/console/bundles", "Authorization", basic("admin", PASSWORD)).statusCode());
        assertTrue(ssh("admin", PASSWORD, "windlass:member-info").out().contains("UUID"));
        String realm = Files.readString(Path.of(System.getProperty("karaf.etc"), "windlass-realm.properties"));
        assertFalse(realm.contains(PASSWORD));
        assertEquals(401, get("/api/48/system/info", "Authorization", basic("admin", "admin")).statusCode());
    }
}

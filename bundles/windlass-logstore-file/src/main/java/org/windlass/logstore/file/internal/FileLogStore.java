package org.windlass.logstore.file.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.spi.LogStore;
import org.windlass.api.spi.WindlassPlugin;
import org.windlass.logstore.file.RdlogDirectory;

/**
 * The {@code file} log store: the rdlog files of a directory ({@link RdlogDirectory}). In a
 * cluster every member points {@code dir} at the same shared file system. Never
 * {@link LogStore.State#PENDING}: the file is the store.
 */
@Component(service = LogStore.class, configurationPid = FileLogStore.PID)
@Designate(ocd = FileLogStore.Config.class)
@WindlassPlugin(type = LogStore.TYPE, name = "file")
public class FileLogStore extends RdlogDirectory {

    static final String PID = "org.windlass.logstore.file";

    @ObjectClassDefinition(name = "Windlass file log store",
            description = "Execution logs as Rundeck rdlog files in a directory")
    public @interface Config {
        @AttributeDefinition(description = "Directory of the logs, shared by every member of a cluster (a shared "
                + "file system). Empty: ${karaf.data}/windlass/logs when the system property karaf.data is set, "
                + "else ${java.io.tmpdir}/windlass-logs.")
        String dir() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileLogStore.class);

    @Activate
    public FileLogStore(Config config) {
        this(defaultDir(config.dir()));
        LOG.info("File log store in {}", dir().toAbsolutePath());
    }

    FileLogStore(Path dir) {
        super(dir);
    }

    /** @return the configured directory, else {@code ${karaf.data}/windlass/logs}, else {@code java.io.tmpdir/windlass-logs} */
    static Path defaultDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "windlass", "logs");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "windlass-logs");
    }
}

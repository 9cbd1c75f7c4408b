package org.windlass.cluster.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Where a member keeps its files: {@code ${karaf.data}/windlass}. */
final class WindlassDirs {

    private WindlassDirs() {
    }

    static Path dataDir(BundleContext context) {
        String data = context.getProperty("karaf.data");
        if (data == null || data.isBlank()) {
            return context.getDataFile("").toPath().resolve("windlass");
        }
        return Path.of(data, "windlass");
    }
}

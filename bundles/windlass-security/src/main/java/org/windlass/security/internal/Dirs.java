package org.windlass.security.internal;

import java.nio.file.Path;

import org.osgi.framework.BundleContext;

/** Member directories: {@code ${karaf.etc}} and {@code ${karaf.data}/windlass}. */
final class Dirs {

    private Dirs() {
    }

    static Path etc(BundleContext context) {
        String etc = context.getProperty("karaf.etc");
        return etc == null || etc.isBlank() ? Path.of("etc") : Path.of(etc);
    }

    static Path windlassData(BundleContext context) {
        String data = context.getProperty("karaf.data");
        return data == null || data.isBlank() ? context.getDataFile("").toPath() : Path.of(data, "windlass");
    }
}

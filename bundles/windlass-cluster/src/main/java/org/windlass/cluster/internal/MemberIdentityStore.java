package org.windlass.cluster.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads and writes the member's identity file ({@code member.properties} in the data directory).
 * Plain Java, no OSGi, so that it is unit-tested directly.
 */
final class MemberIdentityStore {

    static final String FILE_NAME = "member.properties";
    static final String KEY_UUID = "uuid";

    private final Path directory;

    MemberIdentityStore(Path directory) {
        this.directory = directory;
    }

    /**
     * @param configured a UUID from configuration, or blank
     * @return the configured UUID when given (validated), else the stored one, else a new one
     *         that is stored before it is returned
     * @throws IllegalArgumentException when the configured or stored value is not a UUID
     */
    String resolveUuid(String configured) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return canonical(configured.trim(), "configured member.uuid");
        }
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
            String stored = props.getProperty(KEY_UUID);
            if (stored != null && !stored.isBlank()) {
                return canonical(stored.trim(), "uuid in " + file);
            }
        }
        String fresh = UUID.randomUUID().toString();
        Files.createDirectories(directory);
        Properties props = new Properties();
        props.setProperty(KEY_UUID, fresh);
        Path tmp = Files.createTempFile(directory, FILE_NAME, ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "Windlass member identity: generated on first start, do not copy to another member");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return fresh;
    }

    static String canonical(String value, String what) {
        try {
            UUID parsed = UUID.fromString(value);
            String text = parsed.toString();
            if (!text.equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(what + " is not a UUID: '" + value + "'");
            }
            return text.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a UUID: '" + value + "'", e);
        }
    }

    static String resolveName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String env = System.getenv("HOSTNAME");
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env != null && !env.isBlank() ? env : "localhost";
        }
    }
}

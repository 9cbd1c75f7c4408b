package org.windlass.security.internal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users in Rundeck's {@code realm.properties} syntax: {@code user: credential[,role,...]}.
 * Re-read when the file changes on disk; updates keep every other line (comments included).
 * Thread-safe.
 */
final class RealmFile {

    private static final Logger LOG = LoggerFactory.getLogger(RealmFile.class);

    /** One user of the file. */
    record User(String name, String credential, Set<String> roles) {
    }

    private final Path file;
    private Map<String, User> users = Map.of();
    private FileTime loadedAt;
    private long loadedSize = -1;

    RealmFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    synchronized Optional<User> user(String name) throws IOException {
        reloadIfChanged();
        return Optional.ofNullable(users.get(name));
    }

    synchronized List<User> users() throws IOException {
        reloadIfChanged();
        return List.copyOf(users.values());
    }

    /** Sets a user's credential and roles, adding the user when absent. */
    synchronized void put(String name, String credential, Set<String> roles) throws IOException {
        if (name == null || !name.matches("[A-Za-z0-9_.@-]+")) {
            throw new IllegalArgumentException("invalid user name '" + name + "': use letters, digits, '_', '.', '@' or '-'");
        }
        List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : new ArrayList<>();
        String entry = name + ": " + credential + (roles.isEmpty() ? "" : "," + String.join(",", roles));
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (name.equals(keyOf(lines.get(i)))) {
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        SecureFiles.writeAtomically(file, String.join("\n", lines) + "\n");
        loadedAt = null;
        reloadIfChanged();
    }

    private static String keyOf(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < t.length() && ":= \t".indexOf(t.charAt(end)) < 0) {
            end++;
        }
        return t.substring(0, end);
    }

    private void reloadIfChanged() throws IOException {
        if (!Files.exists(file)) {
            users = Map.of();
            loadedAt = null;
            return;
        }
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        if (modified.equals(loadedAt) && size == loadedSize) {
            return;
        }
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        Map<String, User> parsed = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            String[] parts = props.getProperty(name).split(",");
            String credential = parts[0].strip();
            Set<String> roles = new LinkedHashSet<>();
            Arrays.stream(parts).skip(1).map(String::strip).filter(r -> !r.isEmpty()).forEach(roles::add);
            if (Passwords.isPlain(credential)) {
                LOG.warn("User '{}' in {} has a plain-text password; store a BCRYPT: hash instead", name, file);
            } else if (credential.startsWith(Passwords.OBF_PREFIX) || credential.startsWith(Passwords.CRYPT_PREFIX)
                    || credential.startsWith(Passwords.MD5_PREFIX)) {
                LOG.info("User '{}' in {} has a legacy password form ({}); a BCRYPT: hash is safer", name, file,
                        credential.substring(0, credential.indexOf(':')));
            }
            parsed.put(name, new User(name, credential, Set.copyOf(roles)));
        }
        users = parsed;
        loadedAt = modified;
        loadedSize = size;
    }
}

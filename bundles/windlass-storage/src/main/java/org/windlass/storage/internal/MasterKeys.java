package org.windlass.storage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** 256-bit AES master keys: parsing, generation, files (mode 0600), ids. */
final class MasterKeys {

    /** A master key and its id (the first 16 hex digits of its SHA-256). */
    record Key(String id, SecretKey secret) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private MasterKeys() {
    }

    static Key fromBytes(byte[] raw, String source) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("the master key from " + source + " is " + raw.length
                    + " bytes; it must be 32 bytes (256 bits), base64-encoded");
        }
        try {
            String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
            return new Key(id, new SecretKeySpec(raw, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static Key parse(String base64, String source) {
        try {
            return fromBytes(Base64.getDecoder().decode(base64.strip()), source);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("the master key")) {
                throw e;
            }
            throw new IllegalArgumentException("the master key from " + source + " is not valid base64", e);
        }
    }

    static Key generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return fromBytes(raw, "the generator");
    }

    static String encode(Key key) {
        return Base64.getEncoder().encodeToString(key.secret().getEncoded());
    }

    static Key read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Writes the key to {@code file} through a 0600 temp file and an atomic move. */
    static void write(Path file, Key key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path tmp = posix
                ? Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, encode(key) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

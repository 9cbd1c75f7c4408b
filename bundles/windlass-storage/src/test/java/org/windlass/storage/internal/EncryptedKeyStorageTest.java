package org.windlass.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.storage.KeyExistsException;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyListing;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyRecord;
import org.windlass.api.storage.KeyType;
import org.windlass.api.storage.MasterKeyRotation;
import org.windlass.api.storage.SecretAccessException;

class EncryptedKeyStorageTest {

    @TempDir
    Path dir;

    private final InMemoryRecords records = new InMemoryRecords();

    private EncryptedKeyStorage storage() {
        return new EncryptedKeyStorage(records, null, null, dir.resolve("master.key"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPasswordIsStoredEncryptedAndOnlyTheResolverReadsIt() throws Exception {
        EncryptedKeyStorage s = storage();
        s.create("keys/project/ops/db.password", KeyType.PASSWORD, bytes("hunter2-secret"));
        KeyRecord row = records.rows.get("keys/project/ops/db.password");
        assertFalse(new String(row.ciphertext(), StandardCharsets.ISO_8859_1).contains("hunter2"), "ciphertext must not hold the plaintext");
        assertEquals(14, row.size());
        assertThrows(SecretAccessException.class, () -> s.readPublicKey("keys/project/ops/db.password"));
        assertArrayEquals(bytes("hunter2-secret"), s.read("keys/project/ops/db.password"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))));
    }

    @Test
    void publicKeysAreReadableAndListingsShowDirectoriesAndEntries() {
        EncryptedKeyStorage s = storage();
        s.create("/keys/a/id_rsa.pub", KeyType.PUBLIC, bytes("ssh-rsa AAAA"));
        s.create("keys/a/id_rsa", KeyType.PRIVATE, bytes("-----BEGIN"));
        s.create("keys/a/b/c/pw", KeyType.PASSWORD, bytes("x"));
        assertArrayEquals(bytes("ssh-rsa AAAA"), s.readPublicKey("keys/a/id_rsa.pub"));
        KeyListing a = s.list("keys/a");
        assertEquals(List.of("keys/a/b"), a.directories());
        assertEquals(List.of("id_rsa", "id_rsa.pub"), a.keys().stream().map(KeyInfo::name).toList());
        assertEquals(List.of("keys/a"), s.list("keys").directories());
        assertTrue(s.list("keys/empty").keys().isEmpty());
    }

    @Test
    void badPathsAndContentAreRejectedAndNothingIsStored() {
        EncryptedKeyStorage s = storage();
        for (String bad : new String[] {"keys/../etc/passwd", "/etc/passwd", "keys//a", "keys/a/./b", "keys", "", "keys/a b", "keysx/a"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.create(bad, KeyType.PASSWORD, bytes("x")), bad);
            assertTrue(e.getMessage().contains("path") || e.getMessage().contains("segment"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> s.create("keys/big", KeyType.PRIVATE, new byte[300 * 1024]));
        assertThrows(IllegalArgumentException.class, () -> s.create("keys/empty", KeyType.PRIVATE, new byte[0]));
        assertTrue(records.rows.isEmpty());
        s.create("keys/one", KeyType.PASSWORD, bytes("1"));
        assertThrows(KeyExistsException.class, () -> s.create("keys/one", KeyType.PASSWORD, bytes("2")));
        assertThrows(KeyNotFoundException.class, () -> s.update("keys/two", KeyType.PASSWORD, bytes("2")));
        assertThrows(KeyNotFoundException.class, () -> s.delete("keys/two"));
        assertArrayEquals(bytes("1"), s.read("keys/one"));
    }

    @Test
    void aCiphertextMovedToAnotherPathDoesNotDecrypt() {
        EncryptedKeyStorage s = storage();
        s.create("keys/a", KeyType.PASSWORD, bytes("secret-a"));
        KeyRecord a = records.rows.get("keys/a");
        records.rows.put("keys/b", new KeyRecord("keys/b", a.type(), a.ciphertext(), a.masterKeyId(), a.size(), a.created(), a.modified()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.read("keys/b"));
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
    }

    @Test
    void theMasterKeyIsKeptAcrossRestartsAndAnotherKeyCannotRead() throws Exception {
        storage().create("keys/a", KeyType.PASSWORD, bytes("secret-a"));
        assertArrayEquals(bytes("secret-a"), storage().read("keys/a"));
        EncryptedKeyStorage other = new EncryptedKeyStorage(records, MasterKeys.encode(MasterKeys.generate()), null, dir.resolve("unused.key"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.read("keys/a"));
        assertTrue(e.getMessage().contains("install the master key"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new EncryptedKeyStorage(records, "c2hvcnQ=", null, dir.resolve("x.key")));
        assertTrue(bad.getMessage().contains("WINDLASS_MASTER_KEY"), bad.getMessage());
    }

    @Test
    void reencryptionMovesEveryEntryToANewKey() throws Exception {
        EncryptedKeyStorage s = storage();
        s.create("keys/a", KeyType.PASSWORD, bytes("secret-a"));
        s.create("keys/b/c", KeyType.PRIVATE, bytes("secret-c"));
        String before = s.currentKeyId();
        MasterKeyRotation.Result result = s.reencrypt(null);
        assertEquals(2, result.count());
        assertNotEquals(before, result.newKeyId());
        assertEquals(result.newKeyId(), records.rows.get("keys/a").masterKeyId());
        assertEquals(result.newKeyId(), MasterKeys.read(dir.resolve("master.key")).id());
        assertFalse(Files.exists(dir.resolve("master.key.new")));
        assertArrayEquals(bytes("secret-c"), storage().read("keys/b/c"), "a restarted member reads with the new key file");
    }

    @Test
    void aFailedReencryptionChangesNothing() throws Exception {
        EncryptedKeyStorage s = storage();
        s.create("keys/a", KeyType.PASSWORD, bytes("secret-a"));
        KeyRecord a = records.rows.get("keys/a");
        records.rows.put("keys/z", new KeyRecord("keys/z", KeyType.PASSWORD, a.ciphertext(), a.masterKeyId(), 1, a.created(), a.modified()));
        String keyBefore = Files.readString(dir.resolve("master.key"));
        assertThrows(IllegalStateException.class, () -> s.reencrypt(null));
        assertEquals(keyBefore, Files.readString(dir.resolve("master.key")));
        assertFalse(Files.exists(dir.resolve("master.key.new")));
        assertArrayEquals(bytes("secret-a"), s.read("keys/a"));
    }
}

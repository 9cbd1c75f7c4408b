package org.windlass.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemberIdentityStoreTest {

    @TempDir
    Path dir;

    @Test
    void generatesOnFirstStartAndKeepsItAcrossRestarts() throws Exception {
        String first = new MemberIdentityStore(dir.resolve("windlass")).resolveUuid("");
        assertEquals(first, UUID.fromString(first).toString());
        assertTrue(Files.exists(dir.resolve("windlass").resolve(MemberIdentityStore.FILE_NAME)));
        String second = new MemberIdentityStore(dir.resolve("windlass")).resolveUuid(null);
        assertEquals(first, second);
    }

    @Test
    void configuredUuidWinsAndDoesNotReplaceTheStoredOne() throws Exception {
        MemberIdentityStore store = new MemberIdentityStore(dir);
        String stored = store.resolveUuid("");
        String configured = "0F8FAD5B-D9CB-469F-A165-70867728950E";
        assertEquals(configured.toLowerCase(), store.resolveUuid(configured));
        assertEquals(stored, store.resolveUuid(""));
        assertNotEquals(stored, configured.toLowerCase());
    }

    @Test
    void badConfiguredUuidIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MemberIdentityStore(dir).resolveUuid("not-a-uuid"));
        assertTrue(e.getMessage().contains("member.uuid"), e.getMessage());
        assertTrue(e.getMessage().contains("not-a-uuid"), e.getMessage());
    }

    @Test
    void corruptStoredUuidIsAClearErrorAndTheFileIsKept() throws Exception {
        Files.writeString(dir.resolve(MemberIdentityStore.FILE_NAME), "uuid=garbage\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MemberIdentityStore(dir).resolveUuid(""));
        assertTrue(e.getMessage().contains("garbage"), e.getMessage());
        assertEquals("uuid=garbage\n", Files.readString(dir.resolve(MemberIdentityStore.FILE_NAME)));
    }

    @Test
    void nameDefaultsToHostNameAndConfigurationWins() {
        assertEquals("alpha", MemberIdentityStore.resolveName(" alpha "));
        assertTrue(!MemberIdentityStore.resolveName("").isBlank());
    }
}

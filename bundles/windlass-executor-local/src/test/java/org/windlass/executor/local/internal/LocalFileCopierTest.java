package org.windlass.executor.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.PluginException;

class LocalFileCopierTest {

    private static final Node NODE = new Node("localhost", "localhost", null, null, null, Map.of());

    @TempDir
    Path dir;

    private LocalFileCopier copier;

    @AfterEach
    void stop() {
        if (copier != null) {
            copier.deactivate();
        }
    }

    @Test
    void copiesToAPrivateFileInTheTmpDirAndRemovesIt() throws Exception {
        Path source = Files.writeString(dir.resolve("deploy.sh"), "#!/bin/sh\necho hi\n");
        Path tmp = dir.resolve("tmp/sub");
        copier = new LocalFileCopier(tmp);
        Path copy = Path.of(copier.copy(42, NODE, source, null).get(10, TimeUnit.SECONDS));
        assertEquals(tmp, copy.getParent());
        assertTrue(copy.getFileName().toString().matches("wl-42-[0-9a-f]{12}-deploy\\.sh"), copy.toString());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(copy));
        assertEquals(LocalFileCopier.OWNER_ONLY, Files.getPosixFilePermissions(copy));
        assertEquals(LocalFileCopier.OWNER_ONLY, Files.getPosixFilePermissions(tmp));
        Path second = Path.of(copier.copy(42, NODE, source, null).get(10, TimeUnit.SECONDS));
        assertFalse(second.equals(copy));

        copier.remove(42, NODE, copy.toString()).get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(copy));
        copier.remove(42, NODE, copy.toString()).get(10, TimeUnit.SECONDS); // already gone: fine
    }

    @Test
    void writesTheGivenPathPrivately() throws Exception {
        Path source = Files.writeString(dir.resolve("s.sh"), "new");
        Path target = Files.writeString(dir.resolve("given.sh"), "old content, longer");
        copier = new LocalFileCopier(dir);
        assertEquals(target.toString(), copier.copy(1, NODE, source, target.toString()).get(10, TimeUnit.SECONDS));
        assertEquals("new", Files.readString(target));
        assertEquals(LocalFileCopier.OWNER_ONLY, Files.getPosixFilePermissions(target));
    }

    @Test
    void aMissingSourceOrDirectoryIsAnErrorNamingIt() throws Exception {
        copier = new LocalFileCopier(dir);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> copier.copy(1, NODE, dir.resolve("none.sh"), null).get(10, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(PluginException.class, e.getCause()).getMessage().contains("none.sh"));
        Path source = Files.writeString(dir.resolve("s.sh"), "x");
        e = assertThrows(ExecutionException.class,
                () -> copier.copy(1, NODE, source, dir.resolve("no/dir/s.sh").toString()).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("no/dir"), e.getCause().getMessage());
    }

    @Test
    void theDefaultTmpDirIsUnderKarafDataWhenSet() {
        String before = System.getProperty("karaf.data");
        try {
            System.clearProperty("karaf.data");
            assertEquals(Path.of(System.getProperty("java.io.tmpdir")), LocalFileCopier.defaultTmpDir(""));
            System.setProperty("karaf.data", "/opt/karaf/data");
            assertEquals(Path.of("/opt/karaf/data/windlass/tmp"), LocalFileCopier.defaultTmpDir(" "));
            assertEquals(Path.of("/x"), LocalFileCopier.defaultTmpDir("/x"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", before);
            }
        }
    }
}

package org.windlass.nodes.script.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.nodes.internal.RundeckResourceFormats;

class ScriptNodeSourceTest {

    @TempDir
    Path dir;

    private final ScriptNodeSource source = new ScriptNodeSource(new RundeckResourceFormats());

    private Path script(String body) throws Exception {
        Path p = dir.resolve("nodes.sh");
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private List<Node> run(Map<String, String> config, long timeout) throws PluginException {
        return source.nodes(new NodeSource.Request("ops", 1, config, timeout));
    }

    @Test
    void stdoutIsTheModelAndArgsArePassed() throws Exception {
        Path s = script("echo \"$1:\"; echo \"  hostname: $2\"\n");
        List<Node> nodes = run(Map.of("file", s.toString(), "format", "resourceyaml", "args", "web01 10.0.0.5"), 5000);
        assertEquals("web01", nodes.get(0).name());
        assertEquals("10.0.0.5", nodes.get(0).hostname());
        List<Node> viaInterpreter = run(Map.of("file", s.toString(), "format", "resourceyaml", "interpreter", "sh",
                "args", "db1 db1.example.com"), 5000);
        assertEquals("db1", viaInterpreter.get(0).name());
    }

    @Test
    void failuresCarryTheExitCodeAndStderr() throws Exception {
        Path s = script("echo 'cannot reach the CMDB' >&2\nexit 3\n");
        PluginException e = assertThrows(PluginException.class, () -> run(Map.of("file", s.toString(), "format", "resourcejson"), 5000));
        assertEquals("NonZeroResultCode", e.reason());
        assertTrue(e.getMessage().contains("exited with code 3") && e.getMessage().contains("cannot reach the CMDB"), e.getMessage());
        Path slow = script("sleep 30\n");
        PluginException t = assertThrows(PluginException.class, () -> run(Map.of("file", slow.toString(), "format", "resourcejson"), 300));
        assertEquals("Timeout", t.reason());
        Path garbage = script("echo 'not: [json'\n");
        PluginException p = assertThrows(PluginException.class, () -> run(Map.of("file", garbage.toString(), "format", "resourcejson"), 5000));
        assertEquals("ParseError", p.reason());
        assertThrows(PluginException.class, () -> run(Map.of("file", s.toString()), 5000), "format is required");
    }

    @Test
    void argsQuotedPassesFileAndArgsAsOneArgument() {
        assertEquals(List.of("bash", "-c", "/x/nodes.sh a b"), ScriptNodeSource.command("/x/nodes.sh", "bash -c", "a b", true));
        assertEquals(List.of("bash", "/x/nodes.sh", "a", "b"), ScriptNodeSource.command("/x/nodes.sh", "bash", "a b", false));
        assertEquals(List.of("/x/nodes.sh"), ScriptNodeSource.command("/x/nodes.sh", null, null, false));
    }
}

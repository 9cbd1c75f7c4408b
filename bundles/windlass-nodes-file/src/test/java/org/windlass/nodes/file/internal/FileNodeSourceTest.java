package org.windlass.nodes.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.nodes.internal.RundeckResourceFormats;

class FileNodeSourceTest {

    @TempDir
    Path dir;

    private final FileNodeSource file = new FileNodeSource(new RundeckResourceFormats());

    private List<Node> load(Map<String, String> config) throws PluginException {
        return file.nodes(new NodeSource.Request("ops", 1, config, 1000));
    }

    @Test
    void readsTheFileInTheFormatOfItsExtensionOrTheConfiguredOne() throws Exception {
        Files.writeString(dir.resolve("nodes.yaml"), "web01:\n  hostname: 10.0.0.5\n");
        assertEquals("web01", load(Map.of("file", dir.resolve("nodes.yaml").toString())).get(0).name());
        Files.writeString(dir.resolve("nodes.txt"), "{\"db1\": {\"hostname\": \"db1\"}}");
        assertEquals("db1", load(Map.of("file", dir.resolve("nodes.txt").toString(), "format", "resourcejson")).get(0).name());
        PluginException unknown = assertThrows(PluginException.class, () -> load(Map.of("file", dir.resolve("nodes.txt").toString())));
        assertTrue(unknown.getMessage().contains("nodes.txt"), unknown.getMessage());
    }

    @Test
    void aMissingFileIsEmptyAnErrorOrGeneratedAsConfigured() throws Exception {
        String missing = dir.resolve("none.xml").toString();
        assertEquals(List.of(), load(Map.of("file", missing)));
        PluginException required = assertThrows(PluginException.class, () -> load(Map.of("file", missing, "requireFileExists", "true")));
        assertTrue(required.getMessage().contains("does not exist"));
        assertEquals(List.of(), load(Map.of("file", missing, "generateFileAutomatically", "true")));
        assertTrue(Files.readString(Path.of(missing)).contains("<project>"));
        assertThrows(PluginException.class, () -> load(Map.of()));
    }

    @Test
    void parseErrorsNameTheFileAndLine() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "web01:\n  hostname: a\ndb1:\n  username: x\n");
        PluginException e = assertThrows(PluginException.class, () -> load(Map.of("file", dir.resolve("bad.yaml").toString())));
        assertEquals("ParseError", e.reason());
        assertTrue(e.getMessage().contains("bad.yaml, line 4, node db1"), e.getMessage());
    }

    @Test
    void aWriteableSourceIsRewrittenAtomicallyInItsFormat() throws Exception {
        Path f = dir.resolve("nodes.xml");
        Map<String, String> config = Map.of("file", f.toString(), "writeable", "true");
        NodeSource.Request request = new NodeSource.Request("ops", 1, config, 1000);
        assertTrue(file.isWriteable(request));
        file.write(request, List.of(new Node("new1", "new1.example.com", null, null, java.util.Set.of(), Map.of())));
        assertTrue(Files.readString(f).contains("<node name=\"new1\""));
        assertEquals("new1", load(config).get(0).name());
        NodeSource.Request readOnly = new NodeSource.Request("ops", 1, Map.of("file", f.toString()), 1000);
        assertThrows(PluginException.class, () -> file.write(readOnly, List.of()));
    }

    @Test
    void aDirectorySourceReadsEveryKnownFileInNameOrder() throws Exception {
        Files.writeString(dir.resolve("b.json"), "{\"b\": {\"hostname\": \"b\"}}");
        Files.writeString(dir.resolve("a.yaml"), "a:\n  hostname: a\n");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        List<Node> nodes = new DirectoryNodeSource(new RundeckResourceFormats())
                .nodes(new NodeSource.Request("ops", 2, Map.of("directory", dir.toString()), 1000));
        assertEquals(List.of("a", "b"), nodes.stream().map(Node::name).toList());
    }
}

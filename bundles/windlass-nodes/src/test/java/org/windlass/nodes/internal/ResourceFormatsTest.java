package org.windlass.nodes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceModelException;

class ResourceFormatsTest {

    private final RundeckResourceFormats formats = new RundeckResourceFormats();

    static final Node FULL = new Node("web01", "10.0.0.5:2222", "deploy", "front end, eu", Set.of("web", "prod"),
            Map.ofEntries(Map.entry("osFamily", "unix"), Map.entry("osArch", "amd64"), Map.entry("osName", "Linux"),
                    Map.entry("osVersion", "6.1"), Map.entry("ssh-key-storage-path", "keys/project/ops/id_rsa"),
                    Map.entry("ssh-authentication", "privateKey"), Map.entry("node-executor", "ssh"),
                    Map.entry("file-copier", "ssh"), Map.entry("script-exec", "sudo ${exec.command}"),
                    Map.entry("rack", "r12"), Map.entry("weird", "quotes \" and <angles> & 'apostrophes'")));
    static final Node MINIMAL = new Node("db1", "db1.example.com", null, null, Set.of(), Map.of());

    private List<Node> parse(ResourceFormat f, String text) {
        return formats.parse(f, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "nodes." + f.name().toLowerCase());
    }

    @ParameterizedTest
    @EnumSource(ResourceFormat.class)
    void everyAttributeSurvivesARoundTrip(ResourceFormat f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        formats.write(f, List.of(FULL, MINIMAL), out);
        List<Node> back = formats.parse(f, new ByteArrayInputStream(out.toByteArray()), "round-trip");
        assertEquals(List.of(FULL, MINIMAL), back, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rundeckYamlV13WithTagsAsStringOrList() {
        List<Node> nodes = parse(ResourceFormat.YAML, """
                web01:
                  nodename: web01
                  hostname: 10.0.0.5
                  username: deploy
                  tags: 'web, prod'
                  osFamily: unix
                  port: 22
                db1:
                  hostname: db1
                  tags: [db, prod]
                """);
        assertEquals(Set.of("web", "prod"), nodes.get(0).tags());
        assertEquals("22", nodes.get(0).attribute("port"));
        assertEquals("db1", nodes.get(1).name());
        assertEquals(Set.of("db", "prod"), nodes.get(1).tags());
        assertEquals(2, parse(ResourceFormat.YAML, "- nodename: a\n  hostname: a\n- nodename: b\n  hostname: b\n").size());
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() {
        List<Node> nodes = parse(ResourceFormat.YAML, """
                defaults: &defaults
                  hostname: shared
                  username: deploy
                  osFamily: unix
                web01:
                  <<: *defaults
                  hostname: 10.0.0.5
                """);
        assertEquals("10.0.0.5", nodes.get(1).hostname());
        assertEquals("deploy", nodes.get(1).username());
        assertEquals("unix", nodes.get(1).attribute("osFamily"));
    }

    @Test
    void rundeckXmlWithAttributeChildren() {
        List<Node> nodes = parse(ResourceFormat.XML, """
                <?xml version="1.0" encoding="UTF-8"?>
                <project>
                  <node name="web01" hostname="10.0.0.5" username="deploy" tags="web,prod" osFamily="unix"/>
                  <node name="db1" hostname="db1" description="database">
                    <attribute name="ssh-port" value="2200"/>
                  </node>
                </project>
                """);
        assertEquals("unix", nodes.get(0).attribute("osFamily"));
        assertEquals("2200", nodes.get(1).attribute("ssh-port"));
        assertEquals("database", nodes.get(1).description());
    }

    @Test
    void rundeckJsonObjectOrArray() {
        List<Node> nodes = parse(ResourceFormat.JSON, """
                {"web01": {"hostname": "10.0.0.5", "tags": "web, prod", "osFamily": "unix"},
                 "db1": {"nodename": "db1", "hostname": "db1", "tags": ["db"]}}
                """);
        assertEquals("web01", nodes.get(0).name());
        assertEquals(Set.of("db"), nodes.get(1).tags());
        assertEquals(1, parse(ResourceFormat.JSON, "[{\"nodename\":\"a\",\"hostname\":\"a\"}]").size());
    }

    @Test
    void errorsNameTheSourceTheLineAndTheNode() {
        ResourceModelException yaml = assertThrows(ResourceModelException.class,
                () -> parse(ResourceFormat.YAML, "web01:\n  hostname: a\ndb1:\n  username: x\n"));
        assertTrue(yaml.getMessage().contains("nodes.yaml, line 4, node db1: hostname is missing"), yaml.getMessage());
        ResourceModelException broken = assertThrows(ResourceModelException.class, () -> parse(ResourceFormat.YAML, "a: {hostname: b\n"));
        assertTrue(broken.getMessage().contains("not valid YAML"), broken.getMessage());
        ResourceModelException xml = assertThrows(ResourceModelException.class,
                () -> parse(ResourceFormat.XML, "<project>\n<node name=\"a\" hostname=\"a\">\n<oops/></node></project>"));
        assertTrue(xml.getMessage().contains("line 3, node a: unexpected element <oops>"), xml.getMessage());
        ResourceModelException notXml = assertThrows(ResourceModelException.class, () -> parse(ResourceFormat.XML, "<project><node"));
        assertTrue(notXml.getMessage().contains("not well-formed XML"), notXml.getMessage());
        ResourceModelException json = assertThrows(ResourceModelException.class,
                () -> parse(ResourceFormat.JSON, "{\n\"a\": {\"hostname\": \"a\", \"x\": {\"nested\": 1}}}"));
        assertTrue(json.getMessage().contains("line 2, node a: attribute x must be a text value"), json.getMessage());
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<project><node name=\"a\" hostname=\"&e;\"/></project>";
        assertThrows(ResourceModelException.class, () -> parse(ResourceFormat.XML, xxe));
    }

    @Test
    void formatsAreChosenByNameExtensionAndMediaType() {
        assertEquals(ResourceFormat.YAML, ResourceFormat.fromName("resourceyaml"));
        assertEquals(ResourceFormat.YAML, ResourceFormat.fromFileName("/etc/nodes.yml"));
        assertEquals(ResourceFormat.JSON, ResourceFormat.fromMediaType("application/json; charset=utf-8"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourceFormat.fromFileName("nodes.txt"));
        assertTrue(e.getMessage().contains("nodes.txt"));
    }
}

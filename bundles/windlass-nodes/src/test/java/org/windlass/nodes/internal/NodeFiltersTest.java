package org.windlass.nodes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.windlass.api.Node;
import org.windlass.api.nodes.NodeFilterException;

class NodeFiltersTest {

    private final RundeckNodeFilters filters = new RundeckNodeFilters();

    private final List<Node> nodes = List.of(
            new Node("web01", "web01.prod", "deploy", null, Set.of("web", "prod"), Map.of("osFamily", "unix", "rack", "r1")),
            new Node("web02", "web02.prod", "deploy", null, Set.of("web", "prod"), Map.of("osFamily", "unix", "rack", "r2")),
            new Node("web03", "web03.dev", "dev", "a dev box", Set.of("web", "dev"), Map.of("osFamily", "unix")),
            new Node("db1", "db1.prod", "dba", null, Set.of("db", "prod"), Map.of("osFamily", "unix", "rack", "r1")),
            new Node("win1", "win1.prod", "admin", null, Set.of("prod"), Map.of("osFamily", "windows")));

    private List<String> select(String filter) {
        return nodes.stream().filter(filters.parse(filter)).map(Node::name).toList();
    }

    @Test
    void bareValuesMatchNodeNamesByEqualityOrRegex() {
        assertEquals(List.of("db1"), select("db1"));
        assertEquals(List.of("web01", "web02", "web03"), select("web.*"));
        assertEquals(List.of("web01", "db1"), select("web01,db1"));
        assertEquals(List.of("web01", "web02", "web03", "db1", "win1"), select(".*"));
        assertEquals(5, select("").size(), "no filter selects every node");
    }

    @Test
    void attributesAreAndedAndRepeatedAttributesAreOred() {
        assertEquals(List.of("web01", "db1"), select("rack: r1"));
        assertEquals(List.of("web01"), select("rack: r1 name: web.*"));
        assertEquals(List.of("web01", "web02", "db1"), select("rack: r1 rack: r2"));
        assertEquals(List.of("web03"), select("hostname: .*\\.dev"));
        assertEquals(List.of("win1"), select("osFamily: windows"));
        assertEquals(List.of("web03"), select("nodename: web03"));
        assertEquals(List.of("web03"), select("description: 'a dev box'"));
    }

    @Test
    void tagsUsePlusForAndAndCommaForOr() {
        assertEquals(List.of("web01", "web02"), select("tags: web+prod"));
        assertEquals(List.of("web01", "web02", "web03", "db1"), select("tags: web,db"));
        assertEquals(List.of("web01", "web02", "web03"), select("tags: web+prod,dev"));
    }

    @Test
    void exclusionsWin() {
        assertEquals(List.of("web01", "web02"), select("tags: web !tags: dev"));
        assertEquals(List.of("web02", "web03"), select("name: web.* !rack: r1"));
        assertEquals(List.of("web02", "win1"), select("!rack: r1 !tags: dev"));
        assertEquals(List.of("db1", "win1"), select("!name: web.*"));
    }

    @Test
    void aFilterThatDoesNotParseIsAnErrorNeverEverything() {
        NodeFilterException noValue = assertThrows(NodeFilterException.class, () -> filters.parse("tags: web hostname:"));
        assertTrue(noValue.getMessage().contains("position 11") && noValue.getMessage().contains("hostname"), noValue.getMessage());
        NodeFilterException quote = assertThrows(NodeFilterException.class, () -> filters.parse("name: 'web"));
        assertTrue(quote.getMessage().contains("unterminated quote"), quote.getMessage());
        NodeFilterException regex = assertThrows(NodeFilterException.class, () -> filters.parse("name: web["));
        assertTrue(regex.getMessage().contains("not a valid regular expression"), regex.getMessage());
        assertThrows(NodeFilterException.class, () -> filters.parse("tags: web++prod"));
        assertThrows(NodeFilterException.class, () -> filters.parse("!web01"));
        assertThrows(NodeFilterException.class, () -> filters.parse("name: a,,b"));
    }
}

package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.Node;
import org.windlass.api.nodes.NodeService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "nodes", description = "Lists a project's nodes, optionally filtered (Rundeck's node filter syntax)")
public class Nodes implements Action {

    @Reference(optional = true)
    NodeService nodes;

    @Option(name = "-p", aliases = "--project", description = "The project", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-f", aliases = "--filter", description = "A node filter, e.g. \"tags: web+prod !hostname: dev.*\"")
    String filter;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, project, "resource", java.util.Map.of("kind", "node"), "read");
        Storage.require(nodes, "the node service");
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Hostname");
        table.column("Username");
        table.column("Tags");
        table.column("OS");
        for (Node n : nodes.nodes(project, filter)) {
            table.addRow().addContent(n.name(), n.hostname(), n.username() == null ? "" : n.username(), String.join(",", n.tags()),
                    n.attributes().getOrDefault("osFamily", ""));
        }
        table.print(System.out);
        return null;
    }
}

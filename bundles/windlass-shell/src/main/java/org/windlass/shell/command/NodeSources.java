package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.nodes.NodeService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "node-sources", description = "Shows a project's node sources and how each last loaded")
public class NodeSources implements Action {

    @Reference(optional = true)
    NodeService nodes;

    @Option(name = "-p", aliases = "--project", description = "The project", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-r", aliases = "--refresh", description = "Reload every source now")
    boolean refresh;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, project, "resource", java.util.Map.of("kind", "node"), refresh ? "update" : "read");
        Storage.require(nodes, "the node service");
        if (refresh) {
            nodes.refresh(project);
        }
        ShellTable table = new ShellTable();
        table.column("Index");
        table.column("Type");
        table.column("Status");
        table.column("Nodes");
        table.column("Last success");
        table.column("Error");
        for (NodeService.SourceState s : nodes.sources(project)) {
            table.addRow().addContent(s.index(), s.type(), s.status().name().toLowerCase(), s.nodes(),
                    s.lastSuccess() == null ? "never" : s.lastSuccess().toString(), s.error() == null ? "" : s.error());
        }
        table.print(System.out);
        return null;
    }
}

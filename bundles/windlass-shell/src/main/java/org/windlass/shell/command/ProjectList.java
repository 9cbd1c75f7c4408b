package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectService;

@Service
@Command(scope = "windlass", name = "project-list", description = "Lists the projects")
public class ProjectList implements Action {

    // optional: the other windlass commands stay usable while the cluster database is away
    @Reference(optional = true)
    ProjectService projects;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        Storage.require(projects, "project storage");
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Label");
        table.column("Description");
        for (Project p : projects.list()) {
            if (!ShellAccess.allows(acl, null, "project", java.util.Map.of("name", p.name()), "read")) {
                continue;
            }
            table.addRow().addContent(p.name(), p.label() == null ? "" : p.label(), p.description() == null ? "" : p.description());
        }
        table.print(System.out);
        return null;
    }
}

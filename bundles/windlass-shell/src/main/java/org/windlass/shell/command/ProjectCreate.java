package org.windlass.shell.command;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectService;

@Service
@Command(scope = "windlass", name = "project-create", description = "Creates a project")
public class ProjectCreate implements Action {

    // optional: the other windlass commands stay usable while the cluster database is away
    @Reference(optional = true)
    ProjectService projects;

    @Argument(index = 0, name = "name", description = "The project name", required = true)
    String name;

    @Argument(index = 1, name = "properties", description = "Project properties as key=value", multiValued = true)
    List<String> properties;

    @Option(name = "-d", aliases = "--description", description = "The project description")
    String description;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "resource", java.util.Map.of("kind", "project"), "create");
        Storage.require(projects, "project storage");
        Map<String, String> props = KeyValues.parse(properties);
        if (description != null) {
            props.put("project.description", description);
        }
        Project p = projects.create(name, props);
        System.out.println("Created project " + p.name());
        return null;
    }
}

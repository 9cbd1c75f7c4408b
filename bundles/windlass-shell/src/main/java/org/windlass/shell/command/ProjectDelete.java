package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.project.ProjectService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "project-delete", description = "Deletes a project with its configuration and files")
public class ProjectDelete implements Action {

    // optional: the other windlass commands stay usable while the cluster database is away
    @Reference(optional = true)
    ProjectService projects;

    @Argument(index = 0, name = "name", description = "The project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String name;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "project", java.util.Map.of("name", name), "delete");
        Storage.require(projects, "project storage");
        projects.delete(name);
        System.out.println("Deleted project " + name);
        return null;
    }
}

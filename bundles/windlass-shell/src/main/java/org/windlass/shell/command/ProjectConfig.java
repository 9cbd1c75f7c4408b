package org.windlass.shell.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "project-config",
        description = "Shows a project's properties, one property, or sets (key value) or removes (--delete key) one")
public class ProjectConfig implements Action {

    // optional: the other windlass commands stay usable while the cluster database is away
    @Reference(optional = true)
    ProjectService projects;

    @Argument(index = 0, name = "project", description = "The project name", required = true)
    @Completion(ProjectNameCompleter.class)
    String project;

    @Argument(index = 1, name = "key", description = "A property key")
    String key;

    @Argument(index = 2, name = "value", description = "The value to set")
    String value;

    @Option(name = "--delete", description = "Removes the property named by key")
    boolean delete;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.require(acl, null, "project", java.util.Map.of("name", project), "configure");
        Storage.require(projects, "project storage");
        if (delete) {
            if (key == null) {
                throw new IllegalArgumentException("--delete needs the key to remove");
            }
            projects.removeProperty(project, key);
            System.out.println("Removed " + key + " from project " + project);
            return null;
        }
        if (value != null) {
            projects.setProperty(project, key, value);
            System.out.println(key + "=" + value);
            return null;
        }
        Map<String, String> props = projects.get(project).orElseThrow(() -> new ProjectNotFoundException(project)).properties();
        if (key != null) {
            String v = props.get(key);
            if (v == null) {
                throw new IllegalArgumentException("property " + key + " is not set in project " + project);
            }
            System.out.println(v);
            return null;
        }
        props.forEach((k, v) -> System.out.println(k + "=" + v));
        return null;
    }
}

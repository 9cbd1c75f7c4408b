package org.windlass.shell.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.security.AclService;

@Service
@Command(scope = "windlass", name = "acl", description = "Lists, shows, stores (from a file, validated first) or deletes access control policies (aclpolicy), system-wide or of a project")
public class Acl implements Action {

    @Reference(optional = true)
    AclService acl;

    @Option(name = "-p", aliases = "--project", description = "A project's own policies (default: the system policies)")
    String project;

    @Option(name = "-f", aliases = "--file", description = "Store the policy from this aclpolicy file")
    String file;

    @Option(name = "-d", aliases = "--delete", description = "Delete the policy")
    boolean delete;

    @Option(name = "-c", aliases = "--check", description = "With --file: only validate it")
    boolean check;

    @Argument(index = 0, name = "name", description = "The policy's name (NAME.aclpolicy); none lists them")
    String name;

    @Override
    public Object execute() throws Exception {
        ShellAccess.require(acl, null, project == null ? "resource" : "project_acl", project == null ? java.util.Map.of("kind", "system_acl") : java.util.Map.of("name", project), delete ? "delete" : file != null && !check ? "update" : "read");
        Storage.require(acl, "the access control policies");
        if (name == null) {
            if (file != null || delete) {
                throw new IllegalArgumentException("name the policy (NAME.aclpolicy)");
            }
            acl.list(project).forEach(System.out::println);
            return null;
        }
        if (delete) {
            System.out.println(acl.delete(project, name) ? "deleted " + name : "no policy " + name);
            return null;
        }
        if (file != null) {
            String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            if (check) {
                acl.validate(project, name, text);
                System.out.println(name + " is valid");
            } else {
                System.out.println((acl.put(project, name, text) ? "created " : "replaced ") + name);
            }
            return null;
        }
        System.out.print(acl.get(project, name).orElseThrow(() -> new IllegalArgumentException("no policy " + name)));
        return null;
    }
}

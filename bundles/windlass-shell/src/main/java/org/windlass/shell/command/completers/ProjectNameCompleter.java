package org.windlass.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.windlass.api.Project;
import org.windlass.api.project.ProjectService;

/** Completes project names. */
@Service
public class ProjectNameCompleter implements Completer {

    // optional: the other windlass commands stay usable while the cluster database is away
    @Reference(optional = true)
    ProjectService projects;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        if (projects == null) {
            return -1;
        }
        try {
            for (Project p : projects.list()) {
                delegate.getStrings().add(p.name());
            }
        } catch (RuntimeException e) {
            // database away: no candidates
        }
        return delegate.complete(session, commandLine, candidates);
    }
}

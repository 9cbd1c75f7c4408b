package org.windlass.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.Execution;
import org.windlass.api.ExecutionState;
import org.windlass.api.execution.ExecutionQuery;
import org.windlass.api.execution.ExecutionService;
import org.windlass.shell.command.completers.ProjectNameCompleter;

@Service
@Command(scope = "windlass", name = "execution-list", description = "Lists executions, newest first")
public class ExecutionList implements Action {

    @Reference(optional = true)
    ExecutionService executions;

    @Option(name = "-p", aliases = "--project", description = "The project; all projects when absent")
    @Completion(ProjectNameCompleter.class)
    String project;

    @Option(name = "-r", aliases = "--running", description = "Only running executions")
    boolean running;

    @Option(name = "-s", aliases = "--status", description = "Only this state (succeeded, failed, aborted, timedout, ...)")
    String status;

    @Option(name = "-j", aliases = "--job", description = "Only executions of this job UUID")
    String job;

    @Option(name = "-m", aliases = "--max", description = "At most this many (default 20)")
    int max = 20;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        if (project == null) {
            ShellAccess.system(acl, "read");
        } else {
            ShellAccess.require(acl, project, "resource", java.util.Map.of("kind", "event"), "read");
        }
        Storage.require(executions, "the execution engine");
        List<ExecutionState> states = running ? List.of(ExecutionState.RUNNING)
                : status == null ? List.of() : List.of(ExecutionState.fromApiName(status));
        ExecutionQuery.Page page = executions.query(new ExecutionQuery(project, job == null ? List.of() : List.of(job), states,
                null, null, null, null, 0, max));
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Project");
        table.column("Job / command");
        table.column("State");
        table.column("User");
        table.column("Started");
        table.column("Ended");
        for (Execution e : page.executions()) {
            table.addRow().addContent(e.id(), e.project(),
                    e.jobId() == null ? e.description() : (e.jobGroup() == null ? "" : e.jobGroup() + "/") + e.jobName(),
                    e.state().apiName(), e.user(), e.started() == null ? "" : e.started().toString(),
                    e.ended() == null ? "" : e.ended().toString());
        }
        table.print(System.out);
        System.out.println(page.executions().size() + " of " + page.total());
        return null;
    }
}

package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.execution.ExecutionNotFoundException;
import org.windlass.api.execution.ExecutionService;

@Service
@Command(scope = "windlass", name = "execution-follow", description = "Prints an execution's log from the start until it ends; fails unless it succeeded")
public class ExecutionFollow implements Action {

    @Reference(optional = true)
    ExecutionService executions;

    @Option(name = "-q", aliases = "--quiet", description = "Print only the messages")
    boolean quiet;

    @Argument(index = 0, name = "id", description = "The execution id", required = true)
    long id;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        ShellAccess.execution(acl, executions == null ? null : executions.get(id).orElse(null), "read");
        Storage.require(executions, "the execution engine");
        executions.get(id).orElseThrow(() -> new ExecutionNotFoundException(id));
        return Follow.result(Follow.follow(executions, id, quiet, System.out));
    }
}

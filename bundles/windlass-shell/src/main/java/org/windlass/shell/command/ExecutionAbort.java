package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.execution.ExecutionService;

@Service
@Command(scope = "windlass", name = "execution-abort", description = "Aborts a running execution")
public class ExecutionAbort implements Action {

    @Reference(optional = true)
    ExecutionService executions;

    @Argument(index = 0, name = "id", description = "The execution id", required = true)
    long id;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.execution(acl, executions == null ? null : executions.get(id).orElse(null), "kill");
        Storage.require(executions, "the execution engine");
        ExecutionService.AbortResult r = executions.abort(id, ShellUser.nameOrConsole());
        System.out.println("abort " + r.status() + (r.reason() == null ? "" : ": " + r.reason()));
        if ("failed".equals(r.status())) {
            throw new IllegalStateException("execution " + id + " was not aborted: " + r.reason());
        }
        return null;
    }
}

package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.spi.LogStore;

@Service
@Command(scope = "windlass", name = "log-storage",
        description = "Shows the log store new executions write to and its uploads; --resume retries the pending ones now")
public class LogStorage implements Action {

    @Reference(optional = true)
    ExecutionService executions;

    @Option(name = "--resume", description = "Retry every pending upload now")
    boolean resume;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, resume ? "admin" : "read");
        Storage.require(executions, "the execution engine");
        if (resume) {
            System.out.println("Resumed " + executions.resumeLogStorage() + " pending upload(s)");
        }
        ExecutionService.LogStorage ls = executions.logStorage();
        LogStore.Status s = ls.status();
        System.out.println("Log store:        " + ls.store());
        System.out.println("Uploaded:         " + s.uploaded());
        System.out.println("Failed attempts:  " + s.failures());
        System.out.println("Pending uploads:  " + s.pending().size() + (s.pending().isEmpty() ? "" : " (executions " + s.pending() + ")"));
        System.out.println("Last error:       " + (s.lastError() == null ? "none" : s.lastError()));
        return null;
    }
}

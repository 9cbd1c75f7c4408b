package org.windlass.shell.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.Execution;
import org.windlass.api.LogLevel;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.execution.RunRequest;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobService;

@Service
@Command(scope = "windlass", name = "job-run", description = "Runs a job; with --follow prints its log until it ends and fails unless it succeeded")
public class JobRun implements Action {

    @Reference(optional = true)
    JobService jobs;

    @Reference(optional = true)
    ExecutionService executions;

    @Option(name = "-p", aliases = "--project", description = "The project, to name the job by group/name")
    String project;

    @Option(name = "-o", aliases = "--option", description = "An option value, name=value (repeatable)", multiValued = true)
    List<String> options;

    @Option(name = "-a", aliases = "--args", description = "Options as Rundeck's argument string: -name value ...")
    String argString;

    @Option(name = "-l", aliases = "--loglevel", description = "DEBUG, VERBOSE, INFO, WARN or ERROR")
    String loglevel;

    @Option(name = "-F", aliases = "--filter", description = "A node filter overriding the job's")
    String filter;

    @Option(name = "-f", aliases = "--follow", description = "Print the log until the execution ends; fail unless it succeeded")
    boolean follow;

    @Option(name = "-q", aliases = "--quiet", description = "With --follow: print only the messages")
    boolean quiet;

    @Argument(index = 0, name = "job", description = "The job's UUID, or group/name with --project", required = true)
    String job;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        Storage.require(jobs, "the job service");
        Storage.require(executions, "the execution engine");
        String id = resolve();
        ShellAccess.job(acl, jobs == null ? null : jobs.get(id).orElse(null), "run");
        Map<String, String> values = new LinkedHashMap<>();
        if (options != null) {
            for (String o : options) {
                int eq = o.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--option '" + o + "' is not name=value");
                }
                values.put(o.substring(0, eq), o.substring(eq + 1));
            }
        }
        LogLevel level = loglevel == null ? null
                : LogLevel.valueOf("INFO".equalsIgnoreCase(loglevel) ? "NORMAL" : loglevel.toUpperCase(java.util.Locale.ROOT));
        Execution e = executions.runJob(id, new RunRequest(ShellUser.nameOrConsole(), argString, values, level, filter));
        System.out.println("execution " + e.id() + " started");
        if (!follow) {
            return null;
        }
        return Follow.result(Follow.follow(executions, e.id(), quiet, System.out));
    }

    private String resolve() {
        if (jobs.get(job).isPresent()) {
            return job;
        }
        if (project == null) {
            throw new IllegalArgumentException("no job with UUID " + job + "; to name a job by group/name give --project");
        }
        int slash = job.lastIndexOf('/');
        String group = slash < 0 ? null : job.substring(0, slash);
        String name = slash < 0 ? job : job.substring(slash + 1);
        JobDefinition j = jobs.find(project, group, name)
                .orElseThrow(() -> new IllegalArgumentException("no job '" + job + "' in project " + project));
        return j.uuid();
    }
}

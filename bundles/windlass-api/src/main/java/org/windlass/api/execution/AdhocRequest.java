package org.windlass.api.execution;

import org.windlass.api.LogLevel;

/**
 * An ad-hoc command or script on a node filter (Rundeck's {@code run/command} and {@code run/script}).
 *
 * @param user              who runs it
 * @param exec              the command line, or {@code null} for a script
 * @param script            the script text, or {@code null} for a command
 * @param args              the script's arguments, may be {@code null}
 * @param scriptInterpreter the interpreter for the script, may be {@code null}
 * @param argsQuoted        pass script and args to the interpreter as one quoted argument
 * @param fileExtension     the extension of the copied script, may be {@code null}
 * @param filter            the node filter, {@code null} for the server node
 * @param threadcount       how many nodes at once
 * @param keepgoing         whether a failed node stops the others
 * @param loglevel          the log level, {@code null} for normal
 */
public record AdhocRequest(String user, String exec, String script, String args, String scriptInterpreter,
                           boolean argsQuoted, String fileExtension, String filter, int threadcount,
                           boolean keepgoing, LogLevel loglevel) {

    public AdhocRequest {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a run needs a user");
        }
        if ((exec == null || exec.isBlank()) == (script == null || script.isBlank())) {
            throw new IllegalArgumentException("an ad-hoc run needs either a command or a script");
        }
        if (threadcount < 1) {
            throw new IllegalArgumentException("threadcount must be at least 1, was " + threadcount);
        }
    }
}

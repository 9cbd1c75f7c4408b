package org.windlass.api.execution;

import java.util.Map;

import org.windlass.api.LogLevel;

/**
 * How to run a job.
 *
 * @param user      who runs it
 * @param argString Rundeck's argument string ({@code -opt value -other "two words"}), may be {@code null}
 * @param options   option values (win over {@code argString}), may be empty
 * @param loglevel  the log level, {@code null} for the job's
 * @param filter    a node filter overriding the job's, {@code null} to keep it
 * @param runAtTime run later, at this time (the execution is {@code scheduled} until then);
 *                  {@code null} to run now
 */
public record RunRequest(String user, String argString, Map<String, String> options, LogLevel loglevel,
                         String filter, java.time.Instant runAtTime) {

    /** Run now. */
    public RunRequest(String user, String argString, Map<String, String> options, LogLevel loglevel, String filter) {
        this(user, argString, options, loglevel, filter, null);
    }

    public RunRequest {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("a run needs a user");
        }
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}

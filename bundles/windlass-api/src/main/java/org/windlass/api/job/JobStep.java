package org.windlass.api.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step of a job's sequence, or a step's error handler. Exactly one kind: a command
 * ({@code exec}), an inline script ({@code script}), a script file or URL ({@code scriptfile},
 * {@code scripturl}), a job reference ({@code jobref}) or a plugin step ({@code type}).
 *
 * @param kind                  which kind of step
 * @param description           free text, may be {@code null}
 * @param exec                  the command line, for {@link Kind#EXEC}
 * @param script                the script text, for {@link Kind#SCRIPT}
 * @param scriptfile            the script path, for {@link Kind#SCRIPT_FILE}
 * @param scripturl             the script URL, for {@link Kind#SCRIPT_URL}
 * @param args                  script arguments, may be {@code null}
 * @param scriptInterpreter     the interpreter to run the script with ({@code bash -x}), may be {@code null}
 * @param interpreterArgsQuoted whether the script and its args are passed to the interpreter as one quoted argument
 * @param fileExtension         the extension the copied script gets ({@code .ps1}), may be {@code null}
 * @param jobref                the referenced job, for {@link Kind#JOB_REF}
 * @param pluginType            the step plugin's name, for {@link Kind#PLUGIN}
 * @param nodeStep              for a plugin step: runs once per node
 * @param configuration         for a plugin step: its settings
 * @param errorHandler          the step that runs when this one fails, may be {@code null}
 * @param keepgoingOnSuccess    for an error handler: the workflow goes on when the handler succeeds
 * @param extra                 further fields, kept as read
 */
public record JobStep(Kind kind, String description, String exec, String script, String scriptfile,
                      String scripturl, String args, String scriptInterpreter, boolean interpreterArgsQuoted,
                      String fileExtension, JobRef jobref, String pluginType, boolean nodeStep,
                      Map<String, Object> configuration, JobStep errorHandler, boolean keepgoingOnSuccess,
                      Map<String, Object> extra) {

    /** The kinds of steps, with the key Rundeck's formats use. */
    public enum Kind {
        EXEC("exec"), SCRIPT("script"), SCRIPT_FILE("scriptfile"), SCRIPT_URL("scripturl"),
        JOB_REF("jobref"), PLUGIN("type");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** @return the key of this kind in Rundeck's job formats */
        public String key() {
            return key;
        }
    }

    public JobStep {
        if (kind == null) {
            throw new IllegalArgumentException("step kind must not be null");
        }
        String missing = switch (kind) {
            case EXEC -> exec == null ? "exec" : null;
            case SCRIPT -> script == null ? "script" : null;
            case SCRIPT_FILE -> scriptfile == null || scriptfile.isBlank() ? "scriptfile" : null;
            case SCRIPT_URL -> scripturl == null || scripturl.isBlank() ? "scripturl" : null;
            case JOB_REF -> jobref == null ? "jobref" : null;
            case PLUGIN -> pluginType == null || pluginType.isBlank() ? "type" : null;
        };
        if (missing != null) {
            throw new IllegalArgumentException("a " + kind.key() + " step needs '" + missing + "'");
        }
        configuration = configuration == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return whether the step runs once per node (commands, scripts, node-step job references and plugins) */
    public boolean runsPerNode() {
        return switch (kind) {
            case EXEC, SCRIPT, SCRIPT_FILE, SCRIPT_URL -> true;
            case JOB_REF -> jobref.nodeStep();
            case PLUGIN -> nodeStep;
        };
    }

    /** A command step. */
    public static JobStep command(String commandLine) {
        return new JobStep(Kind.EXEC, null, commandLine, null, null, null, null, null, false, null, null, null,
                true, Map.of(), null, false, Map.of());
    }

    /** An inline script step. */
    public static JobStep inlineScript(String text, String args, String interpreter, boolean argsQuoted) {
        return new JobStep(Kind.SCRIPT, null, null, text, null, null, args, interpreter, argsQuoted, null, null,
                null, true, Map.of(), null, false, Map.of());
    }

    /** @return this step with that error handler */
    public JobStep withErrorHandler(JobStep handler) {
        return new JobStep(kind, description, exec, script, scriptfile, scripturl, args, scriptInterpreter,
                interpreterArgsQuoted, fileExtension, jobref, pluginType, nodeStep, configuration, handler,
                keepgoingOnSuccess, extra);
    }

    /**
     * A reference to another job.
     *
     * @param name                the referenced job's name (with {@code group}), or {@code null} when by uuid
     * @param group               its group, may be {@code null}
     * @param uuid                its UUID, may be {@code null} when by name
     * @param project             its project, {@code null} for the referencing job's
     * @param args                Rundeck's argument string for its options ({@code -opt value}), may be {@code null}
     * @param nodeStep            run once per node of the referencing job
     * @param nodeFilter          a node filter overriding the referenced job's, {@code null} to keep it
     * @param dispatch            dispatch overrides with {@code nodeFilter}, {@code null} to keep
     * @param useName             resolve by name even when a uuid is present
     * @param importOptions       pass the parent's options down
     * @param childNodes          run on the referenced job's nodes
     * @param failOnDisable       fail when the referenced job is disabled
     * @param ignoreNotifications do not send the referenced job's notifications
     */
    public record JobRef(String name, String group, String uuid, String project, String args, boolean nodeStep,
                         String nodeFilter, JobDefinition.Dispatch dispatch, boolean useName,
                         boolean importOptions, boolean childNodes, boolean failOnDisable,
                         boolean ignoreNotifications) {
        public JobRef {
            if ((name == null || name.isBlank()) && (uuid == null || uuid.isBlank())) {
                throw new IllegalArgumentException("a job reference needs a name or a uuid");
            }
        }

        /** @return what the reference names, for messages */
        public String describe() {
            if (uuid != null && !uuid.isBlank() && !useName) {
                return "uuid " + uuid;
            }
            return "'" + (group == null || group.isBlank() ? name : group + "/" + name) + "'"
                    + (project == null ? "" : " in project " + project);
        }
    }
}

package org.windlass.api;

import java.util.Map;

/**
 * One step of a workflow.
 *
 * <p>The built-in types are {@link #EXEC} (a command line), {@link #SCRIPT} (an inline script),
 * {@link #SCRIPT_FILE} (a script file or URL) and {@link #JOB_REF} (another job); any other type
 * names a {@link org.windlass.api.spi.StepPlugin}.
 *
 * @param type         the step type, never blank
 * @param description  free text, may be {@code null}
 * @param nodeStep     {@code true} when the step runs once per node, {@code false} once per workflow
 * @param config       the type's settings as imported from the job definition (strings, lists, maps)
 * @param errorHandler the step that runs when this one fails, may be {@code null}
 * @param keepgoingOnSuccess for an error handler: the workflow goes on when the handler succeeds
 */
public record Step(String type, String description, boolean nodeStep, Map<String, Object> config,
                   Step errorHandler, boolean keepgoingOnSuccess) {

    public static final String EXEC = "exec";
    public static final String SCRIPT = "script";
    public static final String SCRIPT_FILE = "scriptfile";
    public static final String JOB_REF = "jobref";

    public Step {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("step type must not be blank");
        }
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}

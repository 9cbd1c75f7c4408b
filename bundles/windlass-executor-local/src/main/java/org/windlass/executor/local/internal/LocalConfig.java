package org.windlass.executor.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the {@code local} node executor and file copier (PID {@value #PID}). */
@ObjectClassDefinition(name = "Windlass local executor",
        description = "Runs commands and copies scripts on the member's own node")
public @interface LocalConfig {

    /** The configuration PID shared by {@link LocalNodeExecutor} and {@link LocalFileCopier}. */
    String PID = "org.windlass.executor.local";

    @AttributeDefinition(description = "Directory for the private copies of scripts made by the local file copier. "
            + "Empty: ${karaf.data}/windlass/tmp when the system property karaf.data is set, else java.io.tmpdir. "
            + "Created (owner-only) when missing.")
    String tmpDir() default "";

    @AttributeDefinition(description = "Working directory of commands run by the local node executor. "
            + "Empty: the home directory of the user running the member (user.home).")
    String workingDir() default "";
}

package org.windlass.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the job scheduler (PID {@value #PID}). */
@ObjectClassDefinition(name = "Windlass scheduler", description = "Fires the schedules of the jobs this member owns")
public @interface SchedulerConfig {

    String PID = "org.windlass.scheduler";

    @AttributeDefinition(description = "Whether this member fires the schedules it owns (false: it fires none; they wait)")
    boolean enabled() default true;

    @AttributeDefinition(description = "How often (milliseconds) the member checks the database for schedules it gained, "
            + "lost or that changed (a cheap query; the rows are read again only when they changed)")
    long refreshMillis() default 1000;

    @AttributeDefinition(description = "A tick this late (the member was down, stopped or overloaded) is recorded as a "
            + "missed execution instead of firing (milliseconds or a duration such as 30s)")
    String misfireThreshold() default "30s";

    @AttributeDefinition(description = "At most this many missed ticks of one job are recorded as missed executions "
            + "after an outage; the first of them says how many more were missed")
    int maxMissedRecorded() default 100;

    @AttributeDefinition(description = "Threads that claim ticks and start their executions")
    int fireThreads() default 4;
}

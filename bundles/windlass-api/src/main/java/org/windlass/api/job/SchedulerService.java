package org.windlass.api.job;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The schedules of scheduled jobs: which member fires each and when it fires next. Provided by
 * windlass-scheduler.
 */
@ProviderType
public interface SchedulerService {

    /**
     * A scheduled job as its owner sees it.
     *
     * @param jobId            the job's UUID
     * @param project          its project
     * @param group            its group, {@code null} for none
     * @param name             its name
     * @param crontab          its Quartz crontab
     * @param timeZone         the zone the crontab is read in
     * @param scheduleEnabled  whether the job's schedule is on
     * @param executionEnabled whether the job may run
     * @param owner            the member that fires it
     * @param runAs            the user its executions run as
     * @param lastTick         the last tick handled (fired, skipped or missed)
     * @param nextFire         the next tick, {@code null} when the crontab has no more
     */
    record ScheduledJob(String jobId, String project, String group, String name, String crontab, String timeZone,
                        boolean scheduleEnabled, boolean executionEnabled, String owner, String runAs,
                        Instant lastTick, Instant nextFire) {
    }

    /** @return the schedules this member fires, soonest first */
    List<ScheduledJob> owned();

    /** @return the schedules the member with that UUID fires, as the database says, soonest first */
    List<ScheduledJob> ownedBy(String memberUuid);
}

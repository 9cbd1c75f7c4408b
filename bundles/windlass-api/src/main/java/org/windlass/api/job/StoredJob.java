package org.windlass.api.job;

import java.time.Instant;

/**
 * A job's database row: its identity and the columns that are queried, plus the definition as a
 * document that only windlass-engine reads.
 *
 * @param uuid             the job's UUID
 * @param project          the project
 * @param group            its group, {@code null} for none
 * @param name             its name
 * @param definition       the definition, as windlass-engine serialized it
 * @param schedule         its crontab, {@code null} when not scheduled
 * @param scheduleEnabled  whether its schedule fires
 * @param executionEnabled whether it may run
 * @param created          when it was first stored
 * @param updated          when it was last stored
 */
public record StoredJob(String uuid, String project, String group, String name, String definition,
                        String schedule, boolean scheduleEnabled, boolean executionEnabled,
                        Instant created, Instant updated) {
}

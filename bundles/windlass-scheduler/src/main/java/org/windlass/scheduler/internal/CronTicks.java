package org.windlass.scheduler.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The ticks of a Quartz crontab (seconds, minutes, hours, day of month, month, day of week,
 * optional year) read in a time zone: Rundeck's schedule, through cron-utils. Immutable.
 */
final class CronTicks {

    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String crontab;
    private final ZoneId zone;
    private final ExecutionTime times;

    private CronTicks(String crontab, ZoneId zone, ExecutionTime times) {
        this.crontab = crontab;
        this.zone = zone;
        this.times = times;
    }

    /**
     * @param zone a zone id, {@code null} or blank for the member's
     * @throws IllegalArgumentException naming the crontab or the zone that is wrong
     */
    static CronTicks parse(String crontab, String zone) {
        ZoneId z;
        try {
            z = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "'");
        }
        String normalized = crontab.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        try {
            return new CronTicks(crontab, z, ExecutionTime.forCron(QUARTZ.parse(normalized)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad crontab '" + crontab + "': " + e.getMessage());
        }
    }

    /** @return the first tick strictly after the instant, {@code null} when there is none (a year passed) */
    Instant next(Instant after) {
        // ticks are whole seconds: the tick in the second of a fractional instant has passed
        ZonedDateTime from = ZonedDateTime.ofInstant(after.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone);
        return times.nextExecution(from).map(t -> t.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).orElse(null);
    }

    String crontab() {
        return crontab;
    }

    ZoneId zone() {
        return zone;
    }
}

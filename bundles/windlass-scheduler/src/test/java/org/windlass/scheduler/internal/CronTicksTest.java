package org.windlass.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Rundeck's crontabs (Quartz, with seconds and year) read in a time zone. */
class CronTicksTest {

    @Test
    void rundecksDocumentedCrontabInItsZoneAcrossDaylightSaving() {
        // "0 30 */6 ? Jan Mon *": 00:30, 06:30, 12:30, 18:30 on Mondays in January
        CronTicks t = CronTicks.parse("0 30 */6 ? Jan Mon *", "Europe/Paris");
        // 2027-01-01 is a Friday; Monday 00:30 in Paris is Sunday 23:30 UTC
        assertEquals(Instant.parse("2027-01-03T23:30:00Z"), t.next(Instant.parse("2027-01-01T00:00:00Z")));
        assertEquals(Instant.parse("2027-01-04T05:30:00Z"), t.next(Instant.parse("2027-01-03T23:30:00Z")));
        // noon in New York is 17:00 UTC in winter and 16:00 UTC in summer
        CronTicks noon = CronTicks.parse("0 0 12 * * ? *", "America/New_York");
        assertEquals(Instant.parse("2027-01-10T17:00:00Z"), noon.next(Instant.parse("2027-01-10T00:00:00Z")));
        assertEquals(Instant.parse("2027-07-10T16:00:00Z"), noon.next(Instant.parse("2027-07-10T00:00:00Z")));
    }

    @Test
    void secondsAndYears() {
        CronTicks every5 = CronTicks.parse("*/5 * * * * ? *", "UTC");
        assertEquals(Instant.parse("2027-03-01T10:00:05Z"), every5.next(Instant.parse("2027-03-01T10:00:00Z")));
        assertEquals(Instant.parse("2027-03-01T10:00:05Z"), every5.next(Instant.parse("2027-03-01T10:00:00.500Z")));
        CronTicks past = CronTicks.parse("0 0 0 1 1 ? 2020", "UTC");
        assertNull(past.next(Instant.parse("2026-01-01T00:00:00Z")), "a crontab whose year is over never fires");
    }

    @Test
    void badInputNamesWhatIsWrong() {
        IllegalArgumentException cron = assertThrows(IllegalArgumentException.class, () -> CronTicks.parse("0 0 25 * * ? *", "UTC"));
        assertTrue(cron.getMessage().startsWith("bad crontab '0 0 25 * * ? *'"), cron.getMessage());
        IllegalArgumentException zone = assertThrows(IllegalArgumentException.class, () -> CronTicks.parse("0 0 1 * * ? *", "Mars/Olympus"));
        assertEquals("unknown time zone 'Mars/Olympus'", zone.getMessage());
    }
}

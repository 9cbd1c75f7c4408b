package org.windlass.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationTest {

    @Test
    void rundeckDurations() {
        assertEquals(Duration.ofDays(30), ApiTokenService.parseDuration("30d"));
        assertEquals(Duration.ofHours(36), ApiTokenService.parseDuration("1d12h"));
        assertEquals(Duration.ofMinutes(90), ApiTokenService.parseDuration("90m"));
        assertEquals(Duration.ofDays(14), ApiTokenService.parseDuration("2w"));
        assertEquals(Duration.ofSeconds(45), ApiTokenService.parseDuration("45"));
        // the forms of Rundeck's job timeout and retry delay
        assertEquals(Duration.ofMinutes(390), ApiTokenService.parseDuration("6h 30m"));
        assertEquals(Duration.ofSeconds(3670), ApiTokenService.parseDuration(" 1h 1m 10s "));
        assertEquals(Duration.ofSeconds(120), ApiTokenService.parseDuration("120"));
    }

    @Test
    void badDurationsNameTheValue() {
        for (String bad : new String[] {"", "30x", "d30", "1d garbage", "soon", "3 weeks"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ApiTokenService.parseDuration(bad));
            assertTrue(e.getMessage().contains("duration"), e.getMessage());
        }
    }
}

package org.windlass.executor.ssh.internal;

import java.time.Duration;

import org.windlass.api.security.ApiTokenService;

/** Rundeck's SSH timeouts: a plain number is milliseconds, else a duration such as {@code 30s}. */
final class Durations {

    private Durations() {
    }

    /**
     * @return the duration, {@link Duration#ZERO} for none
     * @throws IllegalArgumentException naming the setting when the text is neither
     */
    static Duration parse(String setting, String text) {
        if (text == null || text.isBlank()) {
            return Duration.ZERO;
        }
        String t = text.trim();
        try {
            if (t.chars().allMatch(Character::isDigit)) {
                return Duration.ofMillis(Long.parseLong(t));
            }
            return ApiTokenService.parseDuration(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not a number of milliseconds or a duration such as 30s");
        }
    }
}

package org.windlass.cluster.internal;

import java.time.Duration;

import org.windlass.api.security.ApiTokenService;

/** Durations in the cluster settings: milliseconds, or text such as 7s or 1m 30s. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text, String setting) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty; give milliseconds or a duration such as 7s");
        }
        if (t.chars().allMatch(Character::isDigit)) {
            return Duration.ofMillis(Long.parseLong(t));
        }
        try {
            return ApiTokenService.parseDuration(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " '" + t + "' is not a duration (e.g. 500, 7s, 1m)", e);
        }
    }
}

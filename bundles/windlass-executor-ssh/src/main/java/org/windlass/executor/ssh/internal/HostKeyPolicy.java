package org.windlass.executor.ssh.internal;

import java.util.Locale;

/** What the SSH executor does with a node's host key. */
enum HostKeyPolicy {
    /** The key must already be in the project's known_hosts. */
    STRICT,
    /** An unknown host's key is added to known_hosts; a changed key is refused. */
    ACCEPT_NEW,
    /** No check (trusts any key: only for throw-away networks). */
    OFF;

    /**
     * Parses the policy names and OpenSSH's StrictHostKeyChecking values (yes, accept-new, no).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static HostKeyPolicy parse(String setting, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "strict", "yes", "true" -> STRICT;
            case "accept-new", "acceptnew", "ask" -> ACCEPT_NEW;
            case "off", "no", "false", "none" -> OFF;
            default -> throw new IllegalArgumentException(setting + " '" + text + "' is not a host key policy: use strict, accept-new or off");
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

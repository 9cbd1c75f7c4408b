package org.windlass.api;

/** A cluster member's state as judged from the age of its last heartbeat. */
public enum MemberState {
    ACTIVE, INACTIVE, DEAD
}

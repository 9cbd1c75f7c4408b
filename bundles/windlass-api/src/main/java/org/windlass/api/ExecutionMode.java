package org.windlass.api;

/** Whether a member runs executions ({@code active}) or none ({@code passive}). */
public enum ExecutionMode {
    ACTIVE, PASSIVE
}

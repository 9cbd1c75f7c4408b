package org.windlass.api;

/** Rundeck's log levels, lowest first. */
public enum LogLevel {
    DEBUG, VERBOSE, NORMAL, WARN, ERROR
}

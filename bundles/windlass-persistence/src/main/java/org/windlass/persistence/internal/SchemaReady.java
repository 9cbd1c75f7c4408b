package org.windlass.persistence.internal;

/**
 * Registered as a service once the schema migrations have been applied to the cluster database;
 * repositories wait for it.
 *
 * @param version the schema version now in place
 */
public record SchemaReady(String version) {
}

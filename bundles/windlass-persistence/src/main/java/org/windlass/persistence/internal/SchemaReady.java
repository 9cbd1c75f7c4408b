package org.windlass.persistence.internal;

/**
 * Registered as a service once the schema migrations have been applied to the cluster database;
 * repositories wait for it.
 *
 * @param version the schema version now in place
 * @param vendor  the database: {@code h2}, {@code mariadb} or {@code postgresql}; {@code null} when unknown
 */
public record SchemaReady(String version, String vendor) {

    public SchemaReady(String version) {
        this(version, null);
    }
}

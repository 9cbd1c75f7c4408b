package org.windlass.api.job;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Job rows in the cluster database, provided by windlass-persistence for windlass-engine. Every
 * method is one transaction; a database that cannot be reached throws
 * {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface JobRepository {

    Optional<StoredJob> find(String uuid);

    Optional<StoredJob> findByName(String project, String group, String name);

    /** @return the project's jobs, by group and name */
    List<StoredJob> list(String project);

    /** Inserts or replaces the row with the job's UUID (created is kept on replace). */
    StoredJob save(StoredJob job);

    /** @return whether a row was deleted */
    boolean delete(String uuid);
}

package org.windlass.api.job;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The jobs of every project: import and export in Rundeck's formats, listing, deleting.
 * Thread-safe; a database that cannot be reached throws
 * {@link org.windlass.api.StorageUnavailableException}.
 */
@ProviderType
public interface JobService {

    /** Rundeck's {@code dupeOption}: what an import does with a job that exists (same uuid, or same group and name). */
    enum DupeOption { CREATE, UPDATE, SKIP }

    /** Rundeck's {@code uuidOption}: keep the document's UUIDs, or give every job a new one. */
    enum UuidOption { PRESERVE, REMOVE }

    /**
     * @param groupPath jobs in this group or below it ({@code -} for no group), {@code null} for all
     * @param jobFilter jobs whose name contains this, {@code null} for all
     * @param ids       only these UUIDs, empty for all
     * @param scheduled only scheduled ({@code true}) or unscheduled ({@code false}) jobs, {@code null} for both
     */
    record Query(String groupPath, String jobFilter, List<String> ids, Boolean scheduled) {
        public static final Query ALL = new Query(null, null, List.of(), null);

        public Query {
            ids = ids == null ? List.of() : List.copyOf(ids);
        }
    }

    /**
     * Reads a document and stores its jobs in a project. A malformed document stores nothing and
     * throws; a job that cannot be stored (a duplicate with dupeOption create) is reported in
     * {@link ImportResult#failed()} while the others are stored. This member becomes the owner of
     * the schedules of the jobs it stores, their executions running as {@code user}.
     *
     * @throws JobFormatException naming the line and field when the document is malformed
     * @throws org.windlass.api.project.ProjectNotFoundException when there is no such project
     */
    default ImportResult importJobs(String project, JobFormat format, InputStream document, DupeOption dupe,
                                    UuidOption uuids, String user) {
        return importJobs(project, format, document, dupe, uuids, user, existing -> null);
    }

    /**
     * As {@link #importJobs(String, JobFormat, InputStream, DupeOption, UuidOption, String)}, asking
     * before a job of the document replaces a stored one.
     *
     * @param refuseUpdate given the stored job a document's job would replace: why the caller may not
     *                     replace it (that job is then reported failed with the reason), or {@code null}
     */
    ImportResult importJobs(String project, JobFormat format, InputStream document, DupeOption dupe,
                            UuidOption uuids, String user, java.util.function.Function<JobDefinition, String> refuseUpdate);

    /**
     * Reads a document without storing it.
     *
     * @throws JobFormatException naming the line and field when the document is malformed
     */
    List<JobDefinition> parse(JobFormat format, InputStream document);

    /** Writes jobs as one document in a format. */
    void write(List<JobDefinition> jobs, JobFormat format, OutputStream out);

    /** @return the project's jobs matching the query, by group and name */
    List<JobDefinition> list(String project, Query query);

    /** @return the job with that UUID */
    Optional<JobDefinition> get(String uuid);

    /** @return the job with that group and name in the project */
    Optional<JobDefinition> find(String project, String group, String name);

    /**
     * Deletes a job (its executions stay, as in Rundeck).
     *
     * @return whether it existed
     */
    boolean delete(String uuid);

    /** Sets a job's execution and schedule switches; @return the job as stored, empty when there is no such job. */
    Optional<JobDefinition> setEnabled(String uuid, Boolean executionEnabled, Boolean scheduleEnabled);
}

package org.windlass.api.job;

import java.util.List;

/**
 * What an import did, job by job, in Rundeck's three lists.
 *
 * @param succeeded jobs created or updated
 * @param failed    jobs that could not be stored, with the reason
 * @param skipped   jobs left alone (dupeOption skip)
 * @param warnings  problems that did not stop the import (unknown fields kept, ...)
 */
public record ImportResult(List<Entry> succeeded, List<Entry> failed, List<Entry> skipped, List<String> warnings) {

    public ImportResult {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param index   the job's 1-based position in the document
     * @param id      the job's UUID, {@code null} when it failed before getting one
     * @param name    the job's name, may be {@code null} when it could not be read
     * @param group   the job's group
     * @param project the project
     * @param error   why it failed or was skipped, {@code null} when it succeeded
     */
    public record Entry(int index, String id, String name, String group, String project, String error) {
    }
}

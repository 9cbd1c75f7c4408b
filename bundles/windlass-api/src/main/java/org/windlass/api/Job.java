package org.windlass.api;

/**
 * A job definition: what runs ({@link Workflow}), where ({@code nodeFilter}) and when
 * ({@code schedule}).
 *
 * @param id               the job's UUID, stable across export and import
 * @param project          the owning project's name
 * @param name             the job name, unique within its group
 * @param group            slash-separated group path, may be {@code null}
 * @param description      free text, may be {@code null}
 * @param workflow         the steps
 * @param nodeFilter       the node filter (Rundeck syntax); {@code null} runs on the server node
 * @param schedule         a Quartz-style crontab with seconds, or {@code null} when not scheduled
 * @param scheduleEnabled  whether the schedule fires
 * @param executionEnabled whether the job may run at all
 */
public record Job(String id, String project, String name, String group, String description,
                  Workflow workflow, String nodeFilter, String schedule,
                  boolean scheduleEnabled, boolean executionEnabled) {

    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        if (project == null || project.isBlank()) {
            throw new IllegalArgumentException("job '" + name + "': project must not be blank");
        }
    }

    /** @return {@code group/name}, or the name when the job has no group */
    public String fullName() {
        return group == null || group.isBlank() ? name : group + "/" + name;
    }
}

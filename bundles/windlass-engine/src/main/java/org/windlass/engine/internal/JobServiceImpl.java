package org.windlass.engine.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.windlass.api.MemberIdentity;
import org.windlass.api.job.ImportResult;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobRepository;
import org.windlass.api.job.JobService;
import org.windlass.api.job.ScheduleRepository;
import org.windlass.api.job.StoredJob;
import org.windlass.api.project.ProjectNotFoundException;
import org.windlass.api.project.ProjectService;
import org.windlass.engine.internal.format.JobCodec;

/** Jobs in the cluster database, imported and exported in Rundeck's formats. */
@Component(service = JobService.class)
public class JobServiceImpl implements JobService {

    private static final Logger LOG = LoggerFactory.getLogger(JobServiceImpl.class);
    private static final int MAX_NAME = 255;

    private final JobRepository repository;
    private final ProjectService projects;
    private final ScheduleRepository schedules;
    private final MemberIdentity identity;
    /** parsed definitions by uuid, valid while the row's update time is the same */
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(long updated, String definition, JobDefinition job) {
    }

    @Activate
    public JobServiceImpl(@Reference JobRepository repository, @Reference ProjectService projects,
                          @Reference ScheduleRepository schedules, @Reference MemberIdentity identity) {
        this.repository = repository;
        this.projects = projects;
        this.schedules = schedules;
        this.identity = identity;
    }

    @Override
    public ImportResult importJobs(String project, JobFormat format, InputStream document, DupeOption dupe,
                                   UuidOption uuids, String user, java.util.function.Function<JobDefinition, String> refuseUpdate) {
        requireProject(project);
        JobCodec.Parsed parsed = JobCodec.read(format, document);
        List<ImportResult.Entry> ok = new ArrayList<>();
        List<ImportResult.Entry> failed = new ArrayList<>();
        List<ImportResult.Entry> skipped = new ArrayList<>();
        int index = 0;
        for (JobDefinition job : parsed.jobs()) {
            index++;
            String problem = checkNames(job);
            if (problem != null) {
                failed.add(new ImportResult.Entry(index, job.uuid(), job.name(), job.group(), project, problem));
                continue;
            }
            String uuid = uuids == UuidOption.REMOVE || job.uuid() == null || job.uuid().isBlank()
                    ? UUID.randomUUID().toString() : job.uuid();
            Optional<StoredJob> byUuid = uuids == UuidOption.PRESERVE && job.uuid() != null ? repository.find(uuid) : Optional.empty();
            Optional<StoredJob> byName = repository.findByName(project, job.group(), job.name());
            if (byUuid.isPresent() && !byUuid.get().project().equals(project)) {
                failed.add(new ImportResult.Entry(index, uuid, job.name(), job.group(), project,
                        "the uuid " + uuid + " belongs to job '" + fullName(byUuid.get()) + "' in project "
                                + byUuid.get().project() + "; import with uuidOption=remove to copy it"));
                continue;
            }
            Optional<StoredJob> existing = byUuid.isPresent() ? byUuid : byName;
            if (existing.isPresent()) {
                if (dupe == DupeOption.SKIP) {
                    skipped.add(new ImportResult.Entry(index, existing.get().uuid(), job.name(), job.group(), project,
                            "a job named '" + fullName(existing.get()) + "' exists (dupeOption=skip)"));
                    continue;
                }
                if (dupe == DupeOption.CREATE) {
                    failed.add(new ImportResult.Entry(index, existing.get().uuid(), job.name(), job.group(), project,
                            "a job named '" + fullName(existing.get()) + "' exists with uuid " + existing.get().uuid()
                                    + " (dupeOption=create); use dupeOption=update or skip"));
                    continue;
                }
                uuid = existing.get().uuid();
                if (byName.isPresent() && !byName.get().uuid().equals(uuid)) {
                    failed.add(new ImportResult.Entry(index, uuid, job.name(), job.group(), project,
                            "renaming job " + uuid + " to '" + job.fullName() + "' would clash with job " + byName.get().uuid()));
                    continue;
                }
                String refused = refuseUpdate.apply(definition(existing.get()));
                if (refused != null) {
                    failed.add(new ImportResult.Entry(index, uuid, job.name(), job.group(), project, refused));
                    continue;
                }
            }
            JobDefinition stored = job.withIdentity(uuid, project);
            try {
                save(stored, user);
                ok.add(new ImportResult.Entry(index, uuid, job.name(), job.group(), project, null));
            } catch (org.windlass.api.StorageUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Import of job '{}' into project {} failed", job.fullName(), project, e);
                failed.add(new ImportResult.Entry(index, uuid, job.name(), job.group(), project,
                        "could not be stored: " + e.getMessage()));
            }
        }
        LOG.info("Imported jobs into project {}: {} stored, {} failed, {} skipped", project, ok.size(), failed.size(), skipped.size());
        return new ImportResult(ok, failed, skipped, parsed.warnings());
    }

    private static String checkNames(JobDefinition job) {
        if (job.name().length() > MAX_NAME) {
            return "the job name is longer than " + MAX_NAME + " characters";
        }
        if (job.group() != null && job.group().length() > MAX_NAME) {
            return "the group path is longer than " + MAX_NAME + " characters";
        }
        return null;
    }

    private static String fullName(StoredJob j) {
        return j.group() == null ? j.name() : j.group() + "/" + j.name();
    }

    /**
     * Stores the job; with a schedule this member becomes its owner (the ticks before now are not
     * due), its executions running as {@code user}, else as the schedule's previous user.
     */
    private void save(JobDefinition job, String user) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobCodec.write(List.of(job), JobFormat.JSON, out);
        String doc = out.toString(StandardCharsets.UTF_8);
        StoredJob row = repository.save(new StoredJob(job.uuid(), job.project(), job.group(), job.name(), doc,
                job.schedule() == null ? null : job.schedule().crontab(), job.scheduleEnabled(), job.executionEnabled(),
                null, null));
        cache.put(row.uuid(), new Cached(row.updated().toEpochMilli(), doc, job));
        if (job.schedule() == null) {
            schedules.remove(job.uuid());
        } else {
            String runAs = user != null && !user.isBlank() ? user
                    : schedules.find(job.uuid()).map(ScheduleRepository.Row::runAs).orElse("admin");
            schedules.own(job.uuid(), identity.uuid(), runAs, java.time.Instant.now());
        }
    }

    private void requireProject(String project) {
        if (projects.get(project).isEmpty()) {
            throw new ProjectNotFoundException(project);
        }
    }

    @Override
    public List<JobDefinition> parse(JobFormat format, InputStream document) {
        return JobCodec.read(format, document).jobs();
    }

    @Override
    public void write(List<JobDefinition> jobs, JobFormat format, OutputStream out) {
        JobCodec.write(jobs, format, out);
    }

    @Override
    public List<JobDefinition> list(String project, Query query) {
        requireProject(project);
        List<JobDefinition> result = new ArrayList<>();
        for (StoredJob row : repository.list(project)) {
            if (!query.ids().isEmpty() && !query.ids().contains(row.uuid())) {
                continue;
            }
            if (query.groupPath() != null && !query.groupPath().isEmpty() && !inGroup(row.group(), query.groupPath())) {
                continue;
            }
            if (query.jobFilter() != null && !query.jobFilter().isEmpty()
                    && !row.name().toLowerCase(Locale.ROOT).contains(query.jobFilter().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (query.scheduled() != null && query.scheduled() != (row.schedule() != null)) {
                continue;
            }
            result.add(definition(row));
        }
        return result;
    }

    private static boolean inGroup(String group, String path) {
        if ("-".equals(path)) {
            return group == null;
        }
        String p = path.replaceAll("^/+|/+$", "");
        return group != null && (group.equals(p) || group.startsWith(p + "/"));
    }

    JobDefinition definition(StoredJob row) {
        Cached c = cache.get(row.uuid());
        if (c != null && c.updated() == row.updated().toEpochMilli() && c.definition().equals(row.definition())) {
            return c.job();
        }
        List<JobDefinition> jobs = JobCodec.read(JobFormat.JSON,
                new ByteArrayInputStream(row.definition().getBytes(StandardCharsets.UTF_8))).jobs();
        JobDefinition job = jobs.get(0).withIdentity(row.uuid(), row.project())
                .withEnabled(row.executionEnabled(), row.scheduleEnabled());
        cache.put(row.uuid(), new Cached(row.updated().toEpochMilli(), row.definition(), job));
        return job;
    }

    @Override
    public Optional<JobDefinition> get(String uuid) {
        return repository.find(uuid).map(this::definition);
    }

    @Override
    public Optional<JobDefinition> find(String project, String group, String name) {
        return repository.findByName(project, group, name).map(this::definition);
    }

    @Override
    public boolean delete(String uuid) {
        cache.remove(uuid);
        boolean deleted = repository.delete(uuid);
        if (deleted) {
            LOG.info("Deleted job {}", uuid);
        }
        return deleted;
    }

    @Override
    public Optional<JobDefinition> setEnabled(String uuid, Boolean executionEnabled, Boolean scheduleEnabled) {
        Optional<JobDefinition> job = get(uuid);
        if (job.isEmpty()) {
            return job;
        }
        JobDefinition j = job.get();
        JobDefinition changed = j.withEnabled(executionEnabled == null ? j.executionEnabled() : executionEnabled,
                scheduleEnabled == null ? j.scheduleEnabled() : scheduleEnabled);
        save(changed, null);
        return Optional.of(changed);
    }
}

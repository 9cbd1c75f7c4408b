package org.windlass.api.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.windlass.api.LogLevel;

/**
 * A job definition in Rundeck's model. Every field that Rundeck's job formats carry and Windlass
 * acts on has a typed field; the other known fields Windlass keeps but does not act on
 * ({@code notification}, {@code plugins}, {@code orchestrator}, {@code defaultTab}, ...) and any
 * unknown field are kept in {@code extra}, exported again unchanged.
 *
 * @param uuid                   the job's UUID, stable across export and import; never blank once stored
 * @param project                the owning project
 * @param name                   the name, unique within the group
 * @param group                  slash-separated group path, {@code null} for none
 * @param description            free text, may be {@code null}
 * @param loglevel               the log level executions run at (Rundeck's INFO is NORMAL)
 * @param executionEnabled       whether the job may run
 * @param scheduleEnabled        whether its schedule fires
 * @param schedule               the schedule, {@code null} when not scheduled
 * @param timeZone               the schedule's time zone id, {@code null} for the member's
 * @param multipleExecutions     whether executions may overlap
 * @param maxMultipleExecutions  the limit of overlapping executions, {@code null} for none
 * @param timeout                Rundeck's timeout ({@code 120}, {@code 6h 30m}, {@code ${option.t}}), {@code null} for none
 * @param retry                  retry settings, {@code null} for none
 * @param options                the options, in order
 * @param sequence               the workflow
 * @param nodeFilters            where it runs; {@code null} runs on the server node only
 * @param nodesSelectedByDefault Rundeck's flag, kept for the UI
 * @param loglimit               Rundeck's output limit ({@code 100}, {@code 100/node}, {@code 5MB}), {@code null} for none
 * @param loglimitAction         {@code halt} or {@code truncate}
 * @param loglimitStatus         the status a halted execution gets ({@code failed}, {@code aborted}, ...)
 * @param extra                  further fields, kept as read (maps, lists, strings), in order
 */
public record JobDefinition(String uuid, String project, String name, String group, String description,
                            LogLevel loglevel, boolean executionEnabled, boolean scheduleEnabled,
                            Schedule schedule, String timeZone, boolean multipleExecutions,
                            Integer maxMultipleExecutions, String timeout, Retry retry,
                            List<JobOption> options, Sequence sequence, NodeFilters nodeFilters,
                            boolean nodesSelectedByDefault, String loglimit, String loglimitAction,
                            String loglimitStatus, Map<String, Object> extra) {

    public JobDefinition {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        if (sequence == null) {
            throw new IllegalArgumentException("job '" + name + "': sequence must not be missing");
        }
        group = group == null || group.isBlank() ? null : group.replaceAll("^/+|/+$", "");
        loglevel = loglevel == null ? LogLevel.NORMAL : loglevel;
        options = options == null ? List.of() : List.copyOf(options);
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /** @return {@code group/name}, or the name when the job has no group */
    public String fullName() {
        return group == null ? name : group + "/" + name;
    }

    /** @return the option of that name, or {@code null} */
    public JobOption option(String optionName) {
        for (JobOption o : options) {
            if (o.name().equals(optionName)) {
                return o;
            }
        }
        return null;
    }

    /** @return this definition with another UUID and project */
    public JobDefinition withIdentity(String newUuid, String newProject) {
        return new JobDefinition(newUuid, newProject, name, group, description, loglevel, executionEnabled,
                scheduleEnabled, schedule, timeZone, multipleExecutions, maxMultipleExecutions, timeout, retry,
                options, sequence, nodeFilters, nodesSelectedByDefault, loglimit, loglimitAction, loglimitStatus,
                extra);
    }

    /** @return this definition with the execution and schedule switches set */
    public JobDefinition withEnabled(boolean execution, boolean scheduled) {
        return new JobDefinition(uuid, project, name, group, description, loglevel, execution, scheduled,
                schedule, timeZone, multipleExecutions, maxMultipleExecutions, timeout, retry, options, sequence,
                nodeFilters, nodesSelectedByDefault, loglimit, loglimitAction, loglimitStatus, extra);
    }

    /**
     * A schedule as a Quartz crontab with seconds and optional year ({@code 0 30 *&#47;6 ? Jan Mon *});
     * Rundeck's structured form (time, month, weekday, dayofmonth, year) is converted to it.
     */
    public record Schedule(String crontab) {
        public Schedule {
            if (crontab == null || crontab.isBlank()) {
                throw new IllegalArgumentException("schedule crontab must not be blank");
            }
            crontab = crontab.trim().replaceAll("\\s+", " ");
        }
    }

    /**
     * @param retry how many times a failed execution is retried: a number or {@code ${option.x}}
     * @param delay the wait before each retry ({@code 30}, {@code 1m 30s}), {@code null} for none
     */
    public record Retry(String retry, String delay) {
        public Retry {
            if (retry == null || retry.isBlank()) {
                throw new IllegalArgumentException("retry must not be blank");
            }
        }
    }

    /**
     * @param keepgoing {@code true}: a failed step does not stop the remaining steps
     * @param strategy  {@code node-first}, {@code step-first} or {@code parallel}
     * @param commands  the steps, in order
     */
    public record Sequence(boolean keepgoing, String strategy, List<JobStep> commands) {
        public static final String NODE_FIRST = "node-first";
        public static final String STEP_FIRST = "step-first";
        public static final String PARALLEL = "parallel";

        public Sequence {
            strategy = strategy == null || strategy.isBlank() ? NODE_FIRST : strategy;
            commands = commands == null ? List.of() : List.copyOf(commands);
        }
    }

    /**
     * @param filter         Rundeck's node filter
     * @param excludeFilter  Rundeck's separate exclude filter (older exports), {@code null} for none
     * @param dispatch       how nodes are dispatched
     */
    public record NodeFilters(String filter, String excludeFilter, Dispatch dispatch) {
        public NodeFilters {
            dispatch = dispatch == null ? Dispatch.DEFAULT : dispatch;
        }
    }

    /**
     * @param threadcount       how many nodes run at once (Rundeck's default 1); a string so that
     *                          {@code ${option.n}} survives a round trip
     * @param keepgoing         {@code true}: a failed node does not stop the other nodes
     * @param excludePrecedence Rundeck's flag for include/exclude precedence
     * @param rankAttribute     the node attribute nodes are ordered by, {@code null} for the name
     * @param rankOrder         {@code ascending} or {@code descending}
     */
    public record Dispatch(String threadcount, boolean keepgoing, boolean excludePrecedence,
                           String rankAttribute, String rankOrder) {
        public static final Dispatch DEFAULT = new Dispatch("1", false, true, null, "ascending");

        public Dispatch {
            threadcount = threadcount == null || threadcount.isBlank() ? "1" : threadcount.trim();
            rankOrder = rankOrder == null || rankOrder.isBlank() ? "ascending" : rankOrder;
        }
    }
}

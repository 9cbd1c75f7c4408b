package org.windlass.engine.internal.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import org.windlass.api.LogLevel;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobDefinition.Dispatch;
import org.windlass.api.job.JobDefinition.NodeFilters;
import org.windlass.api.job.JobDefinition.Retry;
import org.windlass.api.job.JobDefinition.Schedule;
import org.windlass.api.job.JobDefinition.Sequence;
import org.windlass.api.job.JobFormatException;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;
import org.windlass.api.job.JobStep.JobRef;
import org.windlass.api.job.JobStep.Kind;
import org.windlass.api.security.ApiTokenService;
import org.windlass.engine.internal.format.Tree.TList;
import org.windlass.engine.internal.format.Tree.TMap;
import org.windlass.engine.internal.format.Tree.TNode;
import org.windlass.engine.internal.format.Tree.TScalar;

/**
 * Reads one job of a document, in the YAML shape of Rundeck's job-yaml-v12 (XML documents are
 * translated to that shape first), and validates it. Field paths in errors use the YAML names with
 * 1-based list indexes ({@code sequence.commands[2].exec}, {@code options[1].regex}).
 *
 * <p>Fields Rundeck's format has and the model has no typed field for are kept in an {@code extra}
 * map. Unknown fields of the nested sequence, nodefilters, dispatch and schedule maps are kept in
 * the job's extra under a dotted key ({@code sequence.pluginConfig},
 * {@code nodefilters.dispatch.successOnEmptyNodeFilter}); those of a job reference in its step's
 * extra ({@code jobref.foo}). The writers put them back where they came from.
 */
final class JobReader {

    static final List<String> STEP_KINDS = List.of("exec", "script", "scriptfile", "scripturl", "jobref", "type");

    /** Spill prefixes for nested maps, longest first. */
    static final List<String> JOB_SPILLS = List.of("nodefilters.dispatch.", "nodefilters.", "sequence.", "schedule.");
    static final List<String> STEP_SPILLS = List.of("jobref.nodefilters.dispatch.", "jobref.nodefilters.", "jobref.");

    /** Rundeck job fields Windlass keeps in extra without acting on them: no warning. */
    private static final Set<String> KNOWN_JOB = Set.of("notification", "notifyAvgDurationThreshold", "plugins",
            "orchestrator", "defaultTab", "nodeFilterEditable", "tags", "schedules", "executionLifecycle",
            "successOnEmptyNodeFilter", "runnerSelector", "scheduledExecutions", "nodeFilterEditableDefault");
    private static final Set<String> KNOWN_OPTION = Set.of("sortIndex", "hidden", "optionType", "configRemoteUrl",
            "secureInput", "secureExposed", "remoteUrlAuthenticationType", "fileExtension");
    private static final Set<String> KNOWN_STEP = Set.of("plugins", "enabled");
    private static final Set<String> KNOWN_SEQUENCE = Set.of("pluginConfig");
    private static final Set<String> KNOWN_NODEFILTERS = Set.of("include", "exclude");
    private static final Set<String> KNOWN_DISPATCH = Set.of("successOnEmptyNodeFilter");
    private static final Set<String> KNOWN_JOBREF = Set.of();

    private static final Pattern REFERENCE = Pattern.compile(".*\\$\\{[^}]+}.*", Pattern.DOTALL);
    private static final Pattern COUNT = Pattern.compile("\\s*\\d+\\s*");

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final int index;
    private final List<String> warnings;
    private String name;
    private final Map<String, Object> jobExtra = new LinkedHashMap<>();

    JobReader(int index, List<String> warnings) {
        this.index = index;
        this.warnings = warnings;
    }

    /** @return the jobs of a YAML or JSON document's root */
    static List<JobDefinition> readAll(TNode root, List<String> warnings, String what) {
        if (root == null) {
            throw new JobFormatException(what + " document is empty: expected a list of jobs", 1, null);
        }
        if (!(root instanceof TList list)) {
            throw new JobFormatException("line " + root.line() + ": expected a list of jobs, found "
                    + kind(root), root.line(), null);
        }
        List<JobDefinition> jobs = new ArrayList<>();
        int i = 1;
        for (TNode item : list.items()) {
            jobs.add(new JobReader(i++, warnings).read(item, null));
        }
        return jobs;
    }

    // ---------------------------------------------------------------------------------- the job

    JobDefinition read(TNode node, String project) {
        TMap m = requireMap(node, null);
        Set<String> used = new HashSet<>();
        TNode nameNode = m.get("name");
        String n = text(m, "name", "name", used);
        if (n == null || n.isBlank()) {
            fail(nameNode == null ? m.line() : nameNode.line(), "name", "the job has no name");
        }
        name = n;
        String uuid = text(m, "uuid", "uuid", used);
        String id = text(m, "id", "id", used);
        if (uuid == null) {
            uuid = id;
        } else if (id != null && !id.equals(uuid)) {
            jobExtra.put("id", id);
        }
        String group = text(m, "group", "group", used);
        String description = text(m, "description", "description", used);
        LogLevel loglevel = loglevel(m, used);
        boolean executionEnabled = bool(m, "executionEnabled", "executionEnabled", true, used);
        boolean scheduleEnabled = bool(m, "scheduleEnabled", "scheduleEnabled", true, used);
        boolean nodesSelected = bool(m, "nodesSelectedByDefault", "nodesSelectedByDefault", true, used);
        String timeZone = text(m, "timeZone", "timeZone", used);
        if (timeZone != null && !timeZone.isBlank()) {
            try {
                java.time.ZoneId.of(timeZone.trim());
            } catch (java.time.DateTimeException e) {
                fail(m.get("timeZone").line(), "timeZone", "unknown time zone '" + timeZone + "' (use an id such as Europe/Paris or UTC)");
            }
        }
        Schedule schedule = schedule(m, used);
        boolean multiple = bool(m, "multipleExecutions", "multipleExecutions", false, used);
        Integer maxMultiple = integer(m, "maxMultipleExecutions", "maxMultipleExecutions", used);
        String timeout = text(m, "timeout", "timeout", used);
        if (timeout != null) {
            duration(timeout, m.get("timeout").line(), "timeout");
        }
        Retry retry = retry(m, used);
        String loglimit = text(m, "loglimit", "loglimit", used);
        String loglimitAction = text(m, "loglimitAction", "loglimitAction", used);
        String loglimitStatus = text(m, "loglimitStatus", "loglimitStatus", used);
        try {
            org.windlass.engine.internal.LogLimit.parse(loglimit, loglimitAction, loglimitStatus);
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().startsWith("loglimitAction") ? "loglimitAction"
                    : e.getMessage().startsWith("loglimitStatus") ? "loglimitStatus" : "loglimit";
            fail(m.get(field) == null ? m.line() : m.get(field).line(), field, e.getMessage());
        }
        List<JobOption> options = options(m, used);
        Sequence sequence = sequence(m, used);
        NodeFilters nodeFilters = nodeFilters(m, used);
        extras(m, used, "", KNOWN_JOB, jobExtra, "");
        return new JobDefinition(uuid, project, name, group, description, loglevel, executionEnabled,
                scheduleEnabled, schedule, timeZone, multiple, maxMultiple, timeout, retry, options, sequence,
                nodeFilters, nodesSelected, loglimit, loglimitAction, loglimitStatus, jobExtra);
    }

    private LogLevel loglevel(TMap m, Set<String> used) {
        String v = text(m, "loglevel", "loglevel", used);
        if (v == null) {
            return LogLevel.NORMAL;
        }
        return switch (v.trim().toUpperCase(Locale.ROOT)) {
            case "DEBUG" -> LogLevel.DEBUG;
            case "VERBOSE" -> LogLevel.VERBOSE;
            case "INFO" -> LogLevel.NORMAL;
            case "WARN" -> LogLevel.WARN;
            case "ERROR" -> LogLevel.ERROR;
            default -> throw fail(m.get("loglevel").line(), "loglevel",
                    "bad loglevel '" + v + "' (DEBUG, VERBOSE, INFO, WARN, ERROR)");
        };
    }

    private Retry retry(TMap m, Set<String> used) {
        TNode node = m.get("retry");
        used.add("retry");
        if (node == null || node instanceof TScalar s && s.value() == null) {
            return null;
        }
        String count;
        String delay = null;
        int countLine;
        String countField;
        if (node instanceof TMap r) {
            Set<String> rUsed = new HashSet<>();
            count = text(r, "retry", "retry.retry", rUsed);
            delay = text(r, "delay", "retry.delay", rUsed);
            countLine = r.has("retry") ? r.get("retry").line() : r.line();
            countField = "retry.retry";
            if (count == null || count.isBlank()) {
                fail(countLine, countField, "retry needs a count");
            }
            if (delay != null) {
                duration(delay, r.get("delay").line(), "retry.delay");
            }
            for (String k : r.entries().keySet()) {
                if (!rUsed.contains(k)) {
                    warn(r.keyLine(k), "unknown field 'retry." + k + "' ignored");
                }
            }
        } else {
            count = text(m, "retry", "retry", used);
            countLine = node.line();
            countField = "retry";
            if (count.isBlank()) {
                return null;
            }
        }
        if (!COUNT.matcher(count).matches() && !REFERENCE.matcher(count).matches()) {
            fail(countLine, countField, "bad retry '" + count + "': not a number nor a ${...} reference");
        }
        return new Retry(count, delay);
    }

    private void duration(String value, int line, String field) {
        if (REFERENCE.matcher(value).matches()) {
            return;
        }
        try {
            // the parser the engine uses when the job runs: what imports, runs
            ApiTokenService.parseDuration(value);
        } catch (IllegalArgumentException e) {
            fail(line, field, "bad " + field + " '" + value
                    + "': not a number, a duration (90s, 1h 30m 10s, 2d) nor a ${...} reference");
        }
    }

    // ------------------------------------------------------------------------------ the schedule

    private Schedule schedule(TMap m, Set<String> used) {
        TMap s = map(m, "schedule", "schedule", used);
        if (s == null) {
            return null;
        }
        Set<String> sUsed = new HashSet<>();
        String crontab = text(s, "crontab", "schedule.crontab", sUsed);
        String field;
        int line;
        if (crontab != null) {
            field = "schedule.crontab";
            line = s.get("crontab").line();
            sUsed.addAll(List.of("time", "month", "year", "dayofmonth", "weekday"));
        } else {
            field = "schedule";
            line = s.line();
            TMap time = map(s, "time", "schedule.time", sUsed);
            String seconds = "0";
            String minute = "0";
            String hour = "0";
            if (time != null) {
                Set<String> tUsed = new HashSet<>();
                seconds = orDefault(text(time, "seconds", "schedule.time.seconds", tUsed), "0");
                minute = orDefault(text(time, "minute", "schedule.time.minute", tUsed), "0");
                hour = orDefault(text(time, "hour", "schedule.time.hour", tUsed), "0");
                unknownIgnored(time, tUsed, "schedule.time");
            }
            String month = orDefault(component(s, "month", "month", sUsed), "*");
            String year = orDefault(component(s, "year", "year", sUsed), "*");
            String dom = component(s, "dayofmonth", "day", sUsed);
            String dow = component(s, "weekday", "day", sUsed);
            if (s.get("month") instanceof TMap mm && mm.has("day")) {
                // XML's <month month=".." day=".."/> carries the day of month
                String d = text(mm, "day", "schedule.month.day", new HashSet<>());
                if (dom == null) {
                    dom = d;
                }
            }
            if (dom != null && dow != null) {
                if (wildcard(dow)) {
                    dow = null;
                } else if (wildcard(dom)) {
                    dom = null;
                } else {
                    fail(s.line(), "schedule", "bad schedule: dayofmonth '" + dom + "' and weekday '" + dow
                            + "' cannot both be set");
                }
            }
            if (dom == null && dow == null) {
                dow = "*";
            }
            crontab = String.join(" ", seconds, minute, hour, dom == null ? "?" : dom, month,
                    dow == null ? "?" : dow, year);
        }
        if (crontab.isBlank()) {
            fail(line, field, "bad crontab: empty");
        }
        try {
            CRON.parse(crontab.trim().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            fail(line, field, "bad crontab '" + crontab + "': " + e.getMessage());
        }
        extras(s, sUsed, "schedule", Set.of(), jobExtra, "schedule.");
        return new Schedule(crontab);
    }

    private static boolean wildcard(String v) {
        return v.equals("*") || v.equals("?");
    }

    /** A structured schedule component: a scalar, or a map holding it under {@code inner}. */
    private String component(TMap s, String key, String inner, Set<String> sUsed) {
        TNode node = s.get(key);
        sUsed.add(key);
        if (node == null) {
            return null;
        }
        if (node instanceof TMap c) {
            Set<String> cUsed = new HashSet<>();
            String v = text(c, inner, "schedule." + key + "." + inner, cUsed);
            if (key.equals("month")) {
                cUsed.add("day");
            }
            unknownIgnored(c, cUsed, "schedule." + key);
            return v;
        }
        return text(s, key, "schedule." + key, sUsed);
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v.trim();
    }

    // ------------------------------------------------------------------------------- the options

    private List<JobOption> options(TMap m, Set<String> used) {
        TNode node = m.get("options");
        used.add("options");
        List<JobOption> out = new ArrayList<>();
        if (node == null || node instanceof TScalar s && s.value() == null) {
            return out;
        }
        Map<String, String> seen = new LinkedHashMap<>();
        if (node instanceof TList list) {
            int i = 1;
            for (TNode item : list.items()) {
                out.add(option(item, null, 0, "options[" + i++ + "]", seen));
            }
        } else if (node instanceof TMap map) {
            int i = 1;
            for (Map.Entry<String, Tree.Entry> e : map.entries().entrySet()) {
                TNode value = e.getValue().value();
                if (value instanceof TScalar s && s.value() == null) {
                    value = new TMap(e.getValue().keyLine());
                }
                out.add(option(value, e.getKey(), e.getValue().keyLine(), "options[" + i++ + "]", seen));
            }
        } else {
            fail(node.line(), "options", "expected a list of options, found " + kind(node));
        }
        return out;
    }

    private JobOption option(TNode node, String keyName, int keyLine, String path, Map<String, String> seen) {
        TMap o = requireMap(node, path);
        Set<String> used = new HashSet<>();
        String optName = text(o, "name", path + ".name", used);
        if (optName == null || optName.isBlank()) {
            optName = keyName;
        }
        if (optName == null || optName.isBlank()) {
            fail(o.line(), path + ".name", "option without a name");
        }
        int nameLine = o.has("name") ? o.get("name").line() : keyLine != 0 ? keyLine : o.line();
        if (seen.containsKey(optName)) {
            fail(nameLine, path + ".name", "duplicate option '" + optName + "' (also " + seen.get(optName) + ")");
        }
        seen.put(optName, path);
        String label = text(o, "label", path + ".label", used);
        String description = text(o, "description", path + ".description", used);
        String value = text(o, "value", path + ".value", used);
        String listDelimiter = text(o, "valuesListDelimiter", path + ".valuesListDelimiter", used);
        List<String> values = values(o, path, listDelimiter == null || listDelimiter.isEmpty() ? "," : listDelimiter,
                used);
        String valuesUrl = text(o, "valuesUrl", path + ".valuesUrl", used);
        boolean required = bool(o, "required", path + ".required", false, used);
        boolean enforced = bool(o, "enforced", path + ".enforced", false, used);
        String regex = text(o, "regex", path + ".regex", used);
        boolean multivalued = bool(o, "multivalued", path + ".multivalued", false, used);
        String delimiter = text(o, "delimiter", path + ".delimiter", used);
        boolean allSelected = bool(o, "multivalueAllSelected", path + ".multivalueAllSelected", false, used);
        boolean secure = bool(o, "secure", path + ".secure", false, used);
        boolean valueExposed = bool(o, "valueExposed", path + ".valueExposed", false, used);
        String storagePath = text(o, "storagePath", path + ".storagePath", used);
        boolean isDate = bool(o, "isDate", path + ".isDate", false, used);
        String dateFormat = text(o, "dateFormat", path + ".dateFormat", used);
        Pattern pattern = null;
        if (regex != null) {
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                fail(o.get("regex").line(), path + ".regex", "bad regex '" + regex + "': " + e.getDescription());
            }
        }
        if (value != null && !value.contains("${")) {
            List<String> parts = multivalued && delimiter != null && !delimiter.isEmpty()
                    ? List.of(value.split(Pattern.quote(delimiter), -1)) : List.of(value);
            int valueLine = o.get("value").line();
            for (String part : parts) {
                if (enforced && !values.isEmpty() && !values.contains(part)) {
                    fail(valueLine, path + ".value", "option '" + optName + "': default value '" + part
                            + "' is not one of the allowed values " + String.join(", ", values));
                }
                if (pattern != null && !pattern.matcher(part).matches()) {
                    fail(valueLine, path + ".value", "option '" + optName + "': default value '" + part
                            + "' does not match the regex '" + regex + "'");
                }
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extras(o, used, path, KNOWN_OPTION, extra, "");
        return new JobOption(optName, label, description, value, values, valuesUrl, required, enforced, regex,
                multivalued, delimiter, allSelected, secure, valueExposed, storagePath, isDate, dateFormat, extra);
    }

    private List<String> values(TMap o, String path, String listDelimiter, Set<String> used) {
        TNode node = o.get("values");
        used.add("values");
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node instanceof TList list) {
            for (TNode item : list.items()) {
                if (!(item instanceof TScalar s)) {
                    throw fail(item.line(), path + ".values", "expected a list of text values, found " + kind(item));
                }
                out.add(s.value() == null ? "" : scalarText(s.value()));
            }
            return out;
        }
        String text = text(o, "values", path + ".values", used);
        if (text != null && !text.isEmpty()) {
            out.addAll(List.of(text.split(Pattern.quote(listDelimiter), -1)));
        }
        return out;
    }

    // ------------------------------------------------------------------------------ the sequence

    private Sequence sequence(TMap m, Set<String> used) {
        TNode node = m.get("sequence");
        if (node == null || node instanceof TScalar s && s.value() == null) {
            throw fail(m.line(), "sequence", "the job has no sequence");
        }
        TMap s = map(m, "sequence", "sequence", used);
        Set<String> sUsed = new HashSet<>();
        boolean keepgoing = bool(s, "keepgoing", "sequence.keepgoing", false, sUsed);
        String strategy = text(s, "strategy", "sequence.strategy", sUsed);
        if (strategy != null && !List.of(Sequence.NODE_FIRST, Sequence.STEP_FIRST, Sequence.PARALLEL)
                .contains(strategy)) {
            fail(s.get("strategy").line(), "sequence.strategy",
                    "bad strategy '" + strategy + "' (node-first, step-first, parallel)");
        }
        TNode commandsNode = s.get("commands");
        sUsed.add("commands");
        if (commandsNode == null || commandsNode instanceof TScalar cs && cs.value() == null) {
            throw fail(s.line(), "sequence.commands", "the sequence has no commands");
        }
        if (!(commandsNode instanceof TList commands)) {
            throw fail(commandsNode.line(), "sequence.commands", "expected a list of steps, found "
                    + kind(commandsNode));
        }
        if (commands.items().isEmpty()) {
            fail(commands.line(), "sequence.commands", "the sequence has no commands");
        }
        List<JobStep> steps = new ArrayList<>();
        int i = 1;
        for (TNode item : commands.items()) {
            steps.add(step(item, "sequence.commands[" + i++ + "]"));
        }
        extras(s, sUsed, "sequence", KNOWN_SEQUENCE, jobExtra, "sequence.");
        return new Sequence(keepgoing, strategy, steps);
    }

    private JobStep step(TNode node, String path) {
        TMap m = requireMap(node, path);
        List<String> kinds = new ArrayList<>();
        for (String key : m.entries().keySet()) {
            if (STEP_KINDS.contains(key)) {
                kinds.add(key);
            }
        }
        if (kinds.size() != 1) {
            String found = kinds.isEmpty()
                    ? "found none of exec, script, scriptfile, scripturl, jobref, type; keys: "
                    + (m.entries().isEmpty() ? "none" : String.join(", ", m.entries().keySet()))
                    : "found " + String.join(", ", kinds) + "; a step has exactly one of them";
            fail(m.line(), path, "unknown step type (" + found + ")");
        }
        String k = kinds.get(0);
        Set<String> used = new HashSet<>();
        Map<String, Object> extra = new LinkedHashMap<>();
        String exec = null;
        String script = null;
        String scriptfile = null;
        String scripturl = null;
        JobRef jobref = null;
        String pluginType = null;
        Kind kind;
        switch (k) {
            case "exec" -> {
                kind = Kind.EXEC;
                exec = requiredText(m, "exec", path, used);
            }
            case "script" -> {
                kind = Kind.SCRIPT;
                script = requiredText(m, "script", path, used);
            }
            case "scriptfile" -> {
                kind = Kind.SCRIPT_FILE;
                scriptfile = requiredText(m, "scriptfile", path, used);
            }
            case "scripturl" -> {
                kind = Kind.SCRIPT_URL;
                scripturl = requiredText(m, "scripturl", path, used);
            }
            case "jobref" -> {
                kind = Kind.JOB_REF;
                jobref = jobref(m, path, used, extra);
            }
            default -> {
                kind = Kind.PLUGIN;
                pluginType = requiredText(m, "type", path, used);
            }
        }
        String description = text(m, "description", path + ".description", used);
        String args = text(m, "args", path + ".args", used);
        String interpreter = text(m, "scriptInterpreter", path + ".scriptInterpreter", used);
        boolean argsQuoted = bool(m, "interpreterArgsQuoted", path + ".interpreterArgsQuoted", false, used);
        String fileExtension = text(m, "fileExtension", path + ".fileExtension", used);
        boolean nodeStepDefault = switch (kind) {
            case JOB_REF -> jobref.nodeStep();
            case PLUGIN -> false;
            default -> true;
        };
        boolean nodeStep = bool(m, "nodeStep", path + ".nodeStep", nodeStepDefault, used);
        Map<String, Object> configuration = new LinkedHashMap<>();
        TMap config = map(m, "configuration", path + ".configuration", used);
        if (config != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) Tree.plain(config);
            configuration.putAll(plain);
        }
        JobStep handler = null;
        TNode handlerNode = m.get("errorhandler");
        used.add("errorhandler");
        if (handlerNode != null && !(handlerNode instanceof TScalar hs && hs.value() == null)) {
            handler = step(handlerNode, path + ".errorhandler");
        }
        boolean keepgoingOnSuccess = bool(m, "keepgoingOnSuccess", path + ".keepgoingOnSuccess", false, used);
        extras(m, used, path, KNOWN_STEP, extra, "");
        return new JobStep(kind, description, exec, script, scriptfile, scripturl, args, interpreter, argsQuoted,
                fileExtension, jobref, pluginType, nodeStep, configuration, handler, keepgoingOnSuccess, extra);
    }

    private String requiredText(TMap m, String key, String path, Set<String> used) {
        String v = text(m, key, path + "." + key, used);
        if (v == null || (!key.equals("exec") && !key.equals("script") && v.isBlank())) {
            fail(m.get(key).line(), path + "." + key, "'" + key + "' must not be empty");
        }
        return v;
    }

    private JobRef jobref(TMap step, String stepPath, Set<String> stepUsed, Map<String, Object> stepExtra) {
        String path = stepPath + ".jobref";
        TMap r = map(step, "jobref", path, stepUsed);
        if (r == null) {
            throw fail(step.get("jobref").line(), path, "a job reference needs a name or a uuid");
        }
        Set<String> used = new HashSet<>();
        String refName = text(r, "name", path + ".name", used);
        String group = text(r, "group", path + ".group", used);
        String uuid = text(r, "uuid", path + ".uuid", used);
        if ((refName == null || refName.isBlank()) && (uuid == null || uuid.isBlank())) {
            fail(r.line(), path, "a job reference needs a name or a uuid");
        }
        String project = text(r, "project", path + ".project", used);
        String args = text(r, "args", path + ".args", used);
        boolean nodeStep = bool(r, "nodeStep", path + ".nodeStep", false, used);
        boolean useName = bool(r, "useName", path + ".useName", false, used);
        boolean importOptions = bool(r, "importOptions", path + ".importOptions", false, used);
        boolean childNodes = bool(r, "childNodes", path + ".childNodes", false, used);
        boolean failOnDisable = bool(r, "failOnDisable", path + ".failOnDisable", false, used);
        boolean ignoreNotifications = bool(r, "ignoreNotifications", path + ".ignoreNotifications", false, used);
        String filter = null;
        Dispatch dispatch = null;
        TMap nf = map(r, "nodefilters", path + ".nodefilters", used);
        if (nf != null) {
            Set<String> nfUsed = new HashSet<>();
            filter = text(nf, "filter", path + ".nodefilters.filter", nfUsed);
            TMap d = map(nf, "dispatch", path + ".nodefilters.dispatch", nfUsed);
            if (d != null) {
                dispatch = dispatch(d, path + ".nodefilters.dispatch", stepExtra, "jobref.nodefilters.dispatch.");
            }
            extras(nf, nfUsed, path + ".nodefilters", Set.of(), stepExtra, "jobref.nodefilters.");
        }
        extras(r, used, path, KNOWN_JOBREF, stepExtra, "jobref.");
        return new JobRef(refName, group, uuid, project, args, nodeStep, filter, dispatch, useName, importOptions,
                childNodes, failOnDisable, ignoreNotifications);
    }

    // ---------------------------------------------------------------------------- the nodefilters

    private NodeFilters nodeFilters(TMap m, Set<String> used) {
        TMap nf = map(m, "nodefilters", "nodefilters", used);
        if (nf == null) {
            return null;
        }
        Set<String> nfUsed = new HashSet<>();
        String filter = text(nf, "filter", "nodefilters.filter", nfUsed);
        String exclude = text(nf, "excludeFilter", "nodefilters.excludeFilter", nfUsed);
        TMap d = map(nf, "dispatch", "nodefilters.dispatch", nfUsed);
        Dispatch dispatch = d == null ? null : dispatch(d, "nodefilters.dispatch", jobExtra, "nodefilters.dispatch.");
        extras(nf, nfUsed, "nodefilters", KNOWN_NODEFILTERS, jobExtra, "nodefilters.");
        return new NodeFilters(filter, exclude, dispatch);
    }

    private Dispatch dispatch(TMap d, String path, Map<String, Object> spill, String spillPrefix) {
        Set<String> used = new HashSet<>();
        String threadcount = text(d, "threadcount", path + ".threadcount", used);
        if (threadcount != null && !threadcount.isBlank()) {
            String t = threadcount.trim();
            boolean ok = REFERENCE.matcher(t).matches();
            if (!ok && COUNT.matcher(t).matches()) {
                try {
                    ok = Integer.parseInt(t) > 0;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                fail(d.get("threadcount").line(), path + ".threadcount",
                        "bad threadcount '" + threadcount + "': not a positive whole number nor ${option.x}");
            }
        }
        boolean keepgoing = bool(d, "keepgoing", path + ".keepgoing", false, used);
        boolean excludePrecedence = bool(d, "excludePrecedence", path + ".excludePrecedence", true, used);
        String rankAttribute = text(d, "rankAttribute", path + ".rankAttribute", used);
        String rankOrder = text(d, "rankOrder", path + ".rankOrder", used);
        if (rankOrder != null && !rankOrder.equals("ascending") && !rankOrder.equals("descending")) {
            fail(d.get("rankOrder").line(), path + ".rankOrder",
                    "bad rankOrder '" + rankOrder + "' (ascending, descending)");
        }
        extras(d, used, path, KNOWN_DISPATCH, spill, spillPrefix);
        return new Dispatch(threadcount, keepgoing, excludePrecedence, rankAttribute, rankOrder);
    }

    // ------------------------------------------------------------------------------------ helpers

    private void extras(TMap m, Set<String> used, String path, Set<String> known, Map<String, Object> into,
                        String prefix) {
        for (Map.Entry<String, Tree.Entry> e : m.entries().entrySet()) {
            String key = e.getKey();
            if (used.contains(key)) {
                continue;
            }
            into.put(prefix + key, Tree.plain(e.getValue().value()));
            if (!known.contains(key)) {
                warn(e.getValue().keyLine(), "unknown field '" + (path.isEmpty() ? key : path + "." + key)
                        + "' kept, not used");
            }
        }
    }

    private void unknownIgnored(TMap m, Set<String> used, String path) {
        for (String key : m.entries().keySet()) {
            if (!used.contains(key)) {
                warn(m.keyLine(key), "unknown field '" + path + "." + key + "' ignored");
            }
        }
    }

    private String text(TMap m, String key, String field, Set<String> used) {
        used.add(key);
        TNode node = m.get(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof TScalar s)) {
            throw fail(node.line(), field, "expected a text value, found " + kind(node));
        }
        return s.value() == null ? null : scalarText(s.value());
    }

    private static String scalarText(Object v) {
        return v instanceof String s ? s : String.valueOf(v);
    }

    private boolean bool(TMap m, String key, String field, boolean def, Set<String> used) {
        used.add(key);
        TNode node = m.get(key);
        if (node == null) {
            return def;
        }
        if (node instanceof TScalar s) {
            if (s.value() == null) {
                return def;
            }
            if (s.value() instanceof Boolean b) {
                return b;
            }
            if (s.value() instanceof String str) {
                String t = str.trim();
                if (t.equalsIgnoreCase("true")) {
                    return true;
                }
                if (t.equalsIgnoreCase("false")) {
                    return false;
                }
                if (t.isEmpty()) {
                    return def;
                }
            }
        }
        throw fail(node.line(), field, "expected true or false, found "
                + (node instanceof TScalar s ? "'" + s.value() + "'" : kind(node)));
    }

    private Integer integer(TMap m, String key, String field, Set<String> used) {
        used.add(key);
        TNode node = m.get(key);
        if (node == null || node instanceof TScalar s0 && s0.value() == null) {
            return null;
        }
        if (node instanceof TScalar s) {
            if (s.value() instanceof Integer i) {
                return i;
            }
            if (s.value() instanceof String str) {
                if (str.isBlank()) {
                    return null;
                }
                try {
                    return Integer.valueOf(str.trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
        }
        throw fail(node.line(), field, "expected a whole number, found "
                + (node instanceof TScalar s ? "'" + s.value() + "'" : kind(node)));
    }

    private TMap map(TMap m, String key, String field, Set<String> used) {
        used.add(key);
        TNode node = m.get(key);
        if (node == null || node instanceof TScalar s && s.value() == null) {
            return null;
        }
        if (!(node instanceof TMap result)) {
            throw fail(node.line(), field, "expected a map, found " + kind(node));
        }
        return result;
    }

    private TMap requireMap(TNode node, String field) {
        if (!(node instanceof TMap m)) {
            throw fail(node.line(), field, "expected a map, found " + kind(node));
        }
        return m;
    }

    static String kind(TNode node) {
        if (node instanceof TMap) {
            return "a map";
        }
        if (node instanceof TList) {
            return "a list";
        }
        Object v = ((TScalar) node).value();
        return v == null ? "nothing" : "'" + v + "'";
    }

    private String job() {
        return "job " + index + (name == null ? "" : " '" + name + "'");
    }

    private void warn(int line, String message) {
        warnings.add(job() + ": line " + line + ": " + message);
    }

    private JobFormatException fail(int line, String field, String problem) {
        throw new JobFormatException(job() + ": line " + line + ": " + (field == null ? "" : field + ": ") + problem,
                line, field);
    }
}

package org.windlass.engine.internal.format;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.windlass.api.LogLevel;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobDefinition.Dispatch;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;
import org.windlass.api.job.JobStep.JobRef;

/**
 * Turns a job into the map Rundeck's YAML and JSON exports contain: keys in alphabetical order as
 * Rundeck writes them, default values left out where reading them back gives the same job, the
 * schedule as a crontab, NORMAL written as INFO. Extra fields are merged in, the dotted ones
 * ({@code sequence.pluginConfig}) back into their nested maps. The XML writer translates this map.
 */
final class JobWriter {

    private JobWriter() {
    }

    static Map<String, Object> job(JobDefinition j) {
        Map<String, Object> m = new TreeMap<>();
        Map<String, Map<String, Object>> spills = spills(j.extra(), JobReader.JOB_SPILLS, m);
        if (j.uuid() != null) {
            m.put("uuid", j.uuid());
            m.putIfAbsent("id", j.uuid());
        }
        m.put("name", j.name());
        putIf(m, "group", j.group());
        putIf(m, "description", j.description());
        m.put("loglevel", j.loglevel() == LogLevel.NORMAL ? "INFO" : j.loglevel().name());
        m.put("executionEnabled", j.executionEnabled());
        m.put("scheduleEnabled", j.scheduleEnabled());
        m.put("nodesSelectedByDefault", j.nodesSelectedByDefault());
        m.put("multipleExecutions", j.multipleExecutions());
        if (j.maxMultipleExecutions() != null) {
            m.put("maxMultipleExecutions", String.valueOf(j.maxMultipleExecutions()));
        }
        putIf(m, "timeZone", j.timeZone());
        putIf(m, "timeout", j.timeout());
        putIf(m, "loglimit", j.loglimit());
        putIf(m, "loglimitAction", j.loglimitAction());
        putIf(m, "loglimitStatus", j.loglimitStatus());
        if (j.retry() != null) {
            if (j.retry().delay() == null) {
                m.put("retry", j.retry().retry());
            } else {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("delay", j.retry().delay());
                r.put("retry", j.retry().retry());
                m.put("retry", r);
            }
        }
        if (j.schedule() != null) {
            Map<String, Object> s = new TreeMap<>(spills.getOrDefault("schedule.", Map.of()));
            spills.remove("schedule.");
            s.put("crontab", j.schedule().crontab());
            m.put("schedule", ordered(s));
        }
        if (!j.options().isEmpty()) {
            List<Object> options = new ArrayList<>();
            for (JobOption o : j.options()) {
                options.add(option(o));
            }
            m.put("options", options);
        }
        Map<String, Object> seq = new TreeMap<>(spills.getOrDefault("sequence.", Map.of()));
        spills.remove("sequence.");
        seq.put("keepgoing", j.sequence().keepgoing());
        seq.put("strategy", j.sequence().strategy());
        List<Object> commands = new ArrayList<>();
        for (JobStep step : j.sequence().commands()) {
            commands.add(step(step));
        }
        seq.put("commands", commands);
        m.put("sequence", ordered(seq));
        if (j.nodeFilters() != null) {
            Map<String, Object> nf = new TreeMap<>(spills.getOrDefault("nodefilters.", Map.of()));
            spills.remove("nodefilters.");
            putIf(nf, "filter", j.nodeFilters().filter());
            putIf(nf, "excludeFilter", j.nodeFilters().excludeFilter());
            nf.put("dispatch", dispatch(j.nodeFilters().dispatch(), spills.remove("nodefilters.dispatch.")));
            m.put("nodefilters", ordered(nf));
        }
        // dotted extras whose nested map is missing stay as they were read
        for (Map.Entry<String, Map<String, Object>> e : spills.entrySet()) {
            for (Map.Entry<String, Object> s : e.getValue().entrySet()) {
                m.put(e.getKey() + s.getKey(), s.getValue());
            }
        }
        return ordered(m);
    }

    static Map<String, Object> option(JobOption o) {
        Map<String, Object> m = new TreeMap<>();
        for (Map.Entry<String, Object> e : o.extra().entrySet()) {
            m.put(e.getKey(), plain(e.getValue()));
        }
        m.put("name", o.name());
        putIf(m, "label", o.label());
        putIf(m, "description", o.description());
        putIf(m, "value", o.value());
        if (!o.values().isEmpty()) {
            m.put("values", new ArrayList<>(o.values()));
        }
        putIf(m, "valuesUrl", o.valuesUrl());
        putTrue(m, "required", o.required());
        putTrue(m, "enforced", o.enforced());
        putIf(m, "regex", o.regex());
        putTrue(m, "multivalued", o.multivalued());
        putIf(m, "delimiter", o.delimiter());
        putTrue(m, "multivalueAllSelected", o.multivalueAllSelected());
        putTrue(m, "secure", o.secure());
        putTrue(m, "valueExposed", o.valueExposed());
        putIf(m, "storagePath", o.storagePath());
        putTrue(m, "isDate", o.isDate());
        putIf(m, "dateFormat", o.dateFormat());
        return ordered(m);
    }

    static Map<String, Object> step(JobStep s) {
        Map<String, Object> m = new TreeMap<>();
        Map<String, Map<String, Object>> spills = spills(s.extra(), JobReader.STEP_SPILLS, m);
        boolean nodeStepDefault;
        switch (s.kind()) {
            case EXEC -> {
                m.put("exec", s.exec());
                nodeStepDefault = true;
            }
            case SCRIPT -> {
                m.put("script", s.script());
                nodeStepDefault = true;
            }
            case SCRIPT_FILE -> {
                m.put("scriptfile", s.scriptfile());
                nodeStepDefault = true;
            }
            case SCRIPT_URL -> {
                m.put("scripturl", s.scripturl());
                nodeStepDefault = true;
            }
            case JOB_REF -> {
                m.put("jobref", jobref(s.jobref(), spills));
                nodeStepDefault = s.jobref().nodeStep();
            }
            default -> {
                m.put("type", s.pluginType());
                m.put("nodeStep", s.nodeStep());
                nodeStepDefault = s.nodeStep();
            }
        }
        if (s.nodeStep() != nodeStepDefault) {
            m.put("nodeStep", s.nodeStep());
        }
        putIf(m, "description", s.description());
        putIf(m, "args", s.args());
        putIf(m, "scriptInterpreter", s.scriptInterpreter());
        putTrue(m, "interpreterArgsQuoted", s.interpreterArgsQuoted());
        putIf(m, "fileExtension", s.fileExtension());
        if (!s.configuration().isEmpty()) {
            m.put("configuration", plain(s.configuration()));
        }
        if (s.errorHandler() != null) {
            m.put("errorhandler", step(s.errorHandler()));
        }
        putTrue(m, "keepgoingOnSuccess", s.keepgoingOnSuccess());
        for (Map.Entry<String, Map<String, Object>> e : spills.entrySet()) {
            for (Map.Entry<String, Object> x : e.getValue().entrySet()) {
                m.put(e.getKey() + x.getKey(), x.getValue());
            }
        }
        return ordered(m);
    }

    private static Map<String, Object> jobref(JobRef r, Map<String, Map<String, Object>> spills) {
        Map<String, Object> m = new TreeMap<>(spills.getOrDefault("jobref.", Map.of()));
        spills.remove("jobref.");
        putIf(m, "name", r.name());
        putIf(m, "group", r.group());
        putIf(m, "uuid", r.uuid());
        putIf(m, "project", r.project());
        putIf(m, "args", r.args());
        m.put("nodeStep", r.nodeStep());
        putTrue(m, "useName", r.useName());
        putTrue(m, "importOptions", r.importOptions());
        putTrue(m, "childNodes", r.childNodes());
        putTrue(m, "failOnDisable", r.failOnDisable());
        putTrue(m, "ignoreNotifications", r.ignoreNotifications());
        Map<String, Object> nfSpill = spills.remove("jobref.nodefilters.");
        Map<String, Object> dSpill = spills.remove("jobref.nodefilters.dispatch.");
        if (r.nodeFilter() != null || r.dispatch() != null || nfSpill != null) {
            Map<String, Object> nf = new TreeMap<>(nfSpill == null ? Map.of() : nfSpill);
            putIf(nf, "filter", r.nodeFilter());
            if (r.dispatch() != null) {
                nf.put("dispatch", dispatch(r.dispatch(), dSpill));
                dSpill = null;
            }
            m.put("nodefilters", ordered(nf));
        }
        if (dSpill != null) {
            spills.put("jobref.nodefilters.dispatch.", dSpill);
        }
        return ordered(m);
    }

    private static Map<String, Object> dispatch(Dispatch d, Map<String, Object> spill) {
        Map<String, Object> m = new TreeMap<>(spill == null ? Map.of() : spill);
        m.put("excludePrecedence", d.excludePrecedence());
        m.put("keepgoing", d.keepgoing());
        putIf(m, "rankAttribute", d.rankAttribute());
        m.put("rankOrder", d.rankOrder());
        m.put("threadcount", d.threadcount());
        return ordered(m);
    }

    /** Puts the plain extras into {@code into} and returns the dotted ones by prefix. */
    private static Map<String, Map<String, Object>> spills(Map<String, Object> extra, List<String> prefixes,
                                                           Map<String, Object> into) {
        Map<String, Map<String, Object>> spills = new LinkedHashMap<>();
        outer:
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            for (String prefix : prefixes) {
                if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                    spills.computeIfAbsent(prefix, p -> new LinkedHashMap<>())
                            .put(e.getKey().substring(prefix.length()), plain(e.getValue()));
                    continue outer;
                }
            }
            into.put(e.getKey(), plain(e.getValue()));
        }
        return spills;
    }

    /** @return a deep copy of an extra value as LinkedHashMap, ArrayList, String, Boolean, Number or null */
    static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
            return v;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object item : c) {
                out.add(plain(item));
            }
            return out;
        }
        return String.valueOf(v);
    }

    private static Map<String, Object> ordered(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static void putTrue(Map<String, Object> m, String key, boolean value) {
        if (value) {
            m.put(key, true);
        }
    }
}

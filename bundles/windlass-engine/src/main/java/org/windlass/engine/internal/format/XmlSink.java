package org.windlass.engine.internal.format;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobOption;
import org.windlass.api.job.JobStep;

/**
 * Writes jobs as Rundeck's job XML, translating the map {@link JobWriter} makes.
 *
 * <p>Extra values are written generically: a map becomes an element whose text values (without
 * line breaks) are attributes and whose other values are child elements; a list becomes the
 * element repeated; anything else the element's text. XML has no types, so extra values read back
 * from XML follow {@link #normalize(JobDefinition)}: booleans and numbers become text, null becomes
 * empty text, a one-element list its element, an empty list disappears, an empty map becomes empty
 * text. Typed fields round-trip exactly.
 */
final class XmlSink {

    private XmlSink() {
    }

    static void write(List<JobDefinition> jobs, OutputStream out) {
        Document doc;
        try {
            doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
        Element joblist = doc.createElement("joblist");
        doc.appendChild(joblist);
        for (JobDefinition j : jobs) {
            job(doc, joblist, j);
        }
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.transform(new DOMSource(doc), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the job XML: " + e.getMessage(), e);
        }
    }

    private static void job(Document doc, Element joblist, JobDefinition j) {
        Map<String, Object> m = new LinkedHashMap<>(JobWriter.job(j));
        Element job = el(doc, joblist, "job");
        for (String key : List.of("id", "uuid", "name", "group", "description")) {
            text(doc, job, key, m.remove(key));
        }
        Object options = m.remove("options");
        if (j.project() != null || options != null) {
            Element context = el(doc, job, "context");
            text(doc, context, "project", j.project());
            if (options != null) {
                Element os = el(doc, context, "options");
                os.setAttribute("preserveOrder", "true");
                for (Object o : (List<?>) options) {
                    option(doc, os, asMap(o));
                }
            }
        }
        for (String key : List.of("loglevel", "executionEnabled", "scheduleEnabled", "nodesSelectedByDefault",
                "multipleExecutions", "maxMultipleExecutions", "timeZone", "timeout")) {
            text(doc, job, key, m.remove(key));
        }
        Object retry = m.remove("retry");
        if (retry instanceof Map<?, ?> r) {
            Element e = text(doc, job, "retry", r.get("retry"));
            e.setAttribute("delay", String.valueOf(r.get("delay")));
        } else {
            text(doc, job, "retry", retry);
        }
        Object limit = m.remove("loglimit");
        Object limitAction = m.remove("loglimitAction");
        Object limitStatus = m.remove("loglimitStatus");
        if (limit != null || limitAction != null || limitStatus != null) {
            Element logging = el(doc, job, "logging");
            setAttr(logging, "limit", limit);
            setAttr(logging, "limitAction", limitAction);
            setAttr(logging, "status", limitStatus);
        }
        Object schedule = m.remove("schedule");
        if (schedule != null) {
            Map<String, Object> s = new LinkedHashMap<>(asMap(schedule));
            Element e = el(doc, job, "schedule");
            e.setAttribute("crontab", String.valueOf(s.remove("crontab")));
            children(doc, e, s);
        }
        Object nodefilters = m.remove("nodefilters");
        if (nodefilters != null) {
            Map<String, Object> nf = new LinkedHashMap<>(asMap(nodefilters));
            Object dispatch = nf.remove("dispatch");
            if (dispatch != null) {
                children(doc, el(doc, job, "dispatch"), asMap(dispatch));
            }
            if (!nf.isEmpty() || dispatch == null) {
                Element e = el(doc, job, "nodefilters");
                text(doc, e, "filter", nf.remove("filter"));
                text(doc, e, "filterExclude", nf.remove("excludeFilter"));
                children(doc, e, nf);
            }
        }
        Map<String, Object> seq = new LinkedHashMap<>(asMap(m.remove("sequence")));
        Element sequence = el(doc, job, "sequence");
        sequence.setAttribute("keepgoing", String.valueOf(seq.remove("keepgoing")));
        sequence.setAttribute("strategy", String.valueOf(seq.remove("strategy")));
        for (Object c : (List<?>) seq.remove("commands")) {
            step(doc, el(doc, sequence, "command"), asMap(c));
        }
        children(doc, sequence, seq);
        children(doc, job, m);
    }

    private static void option(Document doc, Element os, Map<String, Object> o) {
        Map<String, Object> m = new LinkedHashMap<>(o);
        Element e = el(doc, os, "option");
        e.setAttribute("name", String.valueOf(m.remove("name")));
        Object values = m.remove("values");
        if (values instanceof List<?> list) {
            String delimiter = delimiter(list);
            List<String> texts = new ArrayList<>();
            for (Object v : list) {
                texts.add(String.valueOf(v));
            }
            e.setAttribute("values", String.join(delimiter, texts));
            e.setAttribute("valuesListDelimiter", delimiter);
        }
        Object enforced = m.remove("enforced");
        if (enforced != null) {
            e.setAttribute("enforcedvalues", String.valueOf(enforced));
        }
        Object description = m.remove("description");
        for (Map.Entry<String, Object> entry : m.entrySet()) {
            if (attributeValue(entry.getKey(), entry.getValue())) {
                e.setAttribute(entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        text(doc, e, "description", description);
        for (Map.Entry<String, Object> entry : m.entrySet()) {
            if (!attributeValue(entry.getKey(), entry.getValue())) {
                generic(doc, e, entry.getKey(), entry.getValue());
            }
        }
    }

    private static String delimiter(List<?> values) {
        for (String d : List.of(",", "|", ";", ":", "#", "~", "^", "\u001f")) {
            boolean clash = false;
            for (Object v : values) {
                if (String.valueOf(v).contains(d)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                return d;
            }
        }
        throw new IllegalArgumentException("option values cannot be written as XML: no delimiter is free");
    }

    private static void step(Document doc, Element command, Map<String, Object> s) {
        Map<String, Object> m = new LinkedHashMap<>(s);
        text(doc, command, "description", m.remove("description"));
        text(doc, command, "exec", m.remove("exec"));
        Object interpreter = m.remove("scriptInterpreter");
        Object quoted = m.remove("interpreterArgsQuoted");
        if (interpreter != null || quoted != null) {
            Element e = text(doc, command, "scriptinterpreter", interpreter == null ? "" : interpreter);
            if (quoted != null) {
                e.setAttribute("argsquoted", String.valueOf(quoted));
            }
        }
        text(doc, command, "script", m.remove("script"));
        text(doc, command, "scriptfile", m.remove("scriptfile"));
        text(doc, command, "scripturl", m.remove("scripturl"));
        text(doc, command, "scriptargs", m.remove("args"));
        text(doc, command, "fileExtension", m.remove("fileExtension"));
        Object jobref = m.remove("jobref");
        if (jobref != null) {
            jobref(doc, command, asMap(jobref));
        }
        Object type = m.remove("type");
        Object configuration = m.remove("configuration");
        if (type != null) {
            boolean nodeStep = Boolean.TRUE.equals(m.remove("nodeStep"));
            Element plugin = el(doc, command, nodeStep ? "node-step-plugin" : "step-plugin");
            plugin.setAttribute("type", String.valueOf(type));
            if (configuration != null) {
                configuration(doc, plugin, asMap(configuration));
            }
        } else if (configuration != null) {
            configuration(doc, command, asMap(configuration));
        }
        Object handler = m.remove("errorhandler");
        if (handler != null) {
            Map<String, Object> h = new LinkedHashMap<>(asMap(handler));
            Element e = el(doc, command, "errorhandler");
            Object keepgoing = h.remove("keepgoingOnSuccess");
            if (keepgoing != null) {
                e.setAttribute("keepgoingOnSuccess", String.valueOf(keepgoing));
            }
            step(doc, e, h);
        }
        children(doc, command, m);
    }

    private static void jobref(Document doc, Element command, Map<String, Object> r) {
        Map<String, Object> m = new LinkedHashMap<>(r);
        Element e = el(doc, command, "jobref");
        for (String key : List.of("name", "group", "nodeStep", "project")) {
            setAttr(e, key, m.remove(key));
        }
        Object args = m.remove("args");
        if (args != null) {
            el(doc, e, "arg").setAttribute("line", String.valueOf(args));
        }
        for (String key : List.of("uuid", "useName", "importOptions", "childNodes", "failOnDisable",
                "ignoreNotifications")) {
            text(doc, e, key, m.remove(key));
        }
        Object nodefilters = m.remove("nodefilters");
        if (nodefilters != null) {
            Map<String, Object> nf = new LinkedHashMap<>(asMap(nodefilters));
            Element n = el(doc, e, "nodefilters");
            text(doc, n, "filter", nf.remove("filter"));
            Object dispatch = nf.remove("dispatch");
            if (dispatch != null) {
                children(doc, el(doc, n, "dispatch"), asMap(dispatch));
            }
            children(doc, n, nf);
        }
        children(doc, e, m);
    }

    private static void configuration(Document doc, Element parent, Map<String, Object> config) {
        Element c = el(doc, parent, "configuration");
        boolean flat = true;
        for (Object v : config.values()) {
            if (v instanceof Map || v instanceof Collection) {
                flat = false;
                break;
            }
        }
        if (flat) {
            for (Map.Entry<String, Object> e : config.entrySet()) {
                Element entry = el(doc, c, "entry");
                entry.setAttribute("key", e.getKey());
                setAttr(entry, "value", e.getValue());
            }
        } else {
            c.setAttribute("data", "true");
            data(doc, c, null, config);
        }
    }

    /** Rundeck's generic data structure: map, list and string elements. */
    private static void data(Document doc, Element parent, String key, Object value) {
        Element e;
        if (value instanceof Map<?, ?> map) {
            e = el(doc, parent, "map");
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                data(doc, e, String.valueOf(entry.getKey()), entry.getValue());
            }
        } else if (value instanceof Collection<?> list) {
            e = el(doc, parent, "list");
            for (Object item : list) {
                data(doc, e, null, item);
            }
        } else {
            e = el(doc, parent, "string");
            if (value != null) {
                e.appendChild(doc.createTextNode(String.valueOf(value)));
            }
        }
        if (key != null) {
            e.setAttribute("key", key);
        }
    }

    // ------------------------------------------------------------------------------ generic values

    private static void children(Document doc, Element parent, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            generic(doc, parent, e.getKey(), e.getValue());
        }
    }

    private static void generic(Document doc, Element parent, String name, Object value) {
        if (value instanceof Collection<?> list) {
            for (Object item : list) {
                generic(doc, parent, name, item);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            Element e = el(doc, parent, name);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (attributeValue(key, entry.getValue())) {
                    e.setAttribute(key, String.valueOf(entry.getValue()));
                }
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                if (key.equals(XmlSource.TEXT)) {
                    e.appendChild(doc.createTextNode(String.valueOf(entry.getValue())));
                } else if (!attributeValue(key, entry.getValue())) {
                    generic(doc, e, key, entry.getValue());
                }
            }
            return;
        }
        text(doc, parent, name, value == null ? "" : value);
    }

    private static boolean attributeValue(String key, Object value) {
        if (key.equals(XmlSource.TEXT) || !validName(key)) {
            return false;
        }
        if (value instanceof Boolean || value instanceof Number) {
            return true;
        }
        return value instanceof String s && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }

    private static Element text(Document doc, Element parent, String name, Object value) {
        if (value == null) {
            return null;
        }
        Element e = el(doc, parent, name);
        String s = String.valueOf(value);
        if (!s.isEmpty()) {
            if (s.indexOf('\n') >= 0 && s.indexOf('\r') < 0 && !s.contains("]]>")) {
                e.appendChild(doc.createCDATASection(s));
            } else {
                e.appendChild(doc.createTextNode(s));
            }
        }
        return e;
    }

    private static void setAttr(Element e, String name, Object value) {
        if (value != null) {
            e.setAttribute(name, String.valueOf(value));
        }
    }

    private static Element el(Document doc, Element parent, String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot be written as an XML element name");
        }
        Element e = doc.createElement(name);
        parent.appendChild(e);
        return e;
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.toLowerCase(java.util.Locale.ROOT).startsWith("xml")) {
            return false;
        }
        char first = name.charAt(0);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    // ---------------------------------------------------------------------------- normalization

    /**
     * @return the job as reading it back from XML gives it: every extra value (of the job, its
     *         options and steps) and every plugin configuration value normalized as the class
     *         comment says; typed fields unchanged
     */
    static JobDefinition normalize(JobDefinition j) {
        List<JobOption> options = new ArrayList<>();
        for (JobOption o : j.options()) {
            options.add(new JobOption(o.name(), o.label(), o.description(), o.value(), o.values(), o.valuesUrl(),
                    o.required(), o.enforced(), o.regex(), o.multivalued(), o.delimiter(), o.multivalueAllSelected(),
                    o.secure(), o.valueExposed(), o.storagePath(), o.isDate(), o.dateFormat(), extra(o.extra())));
        }
        List<JobStep> steps = new ArrayList<>();
        for (JobStep s : j.sequence().commands()) {
            steps.add(normalize(s));
        }
        JobDefinition.Sequence seq = new JobDefinition.Sequence(j.sequence().keepgoing(), j.sequence().strategy(),
                steps);
        return new JobDefinition(j.uuid(), j.project(), j.name(), j.group(), j.description(), j.loglevel(),
                j.executionEnabled(), j.scheduleEnabled(), j.schedule(), j.timeZone(), j.multipleExecutions(),
                j.maxMultipleExecutions(), j.timeout(), j.retry(), options, seq, j.nodeFilters(),
                j.nodesSelectedByDefault(), j.loglimit(), j.loglimitAction(), j.loglimitStatus(), extra(j.extra()));
    }

    private static JobStep normalize(JobStep s) {
        return new JobStep(s.kind(), s.description(), s.exec(), s.script(), s.scriptfile(), s.scripturl(), s.args(),
                s.scriptInterpreter(), s.interpreterArgsQuoted(), s.fileExtension(), s.jobref(), s.pluginType(),
                s.nodeStep(), configuration(s.configuration()),
                s.errorHandler() == null ? null : normalize(s.errorHandler()), s.keepgoingOnSuccess(),
                extra(s.extra()));
    }

    private static final Object ABSENT = new Object();

    private static Map<String, Object> extra(Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            Object v = norm(e.getValue());
            if (v != ABSENT) {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }

    private static Object norm(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object n = norm(e.getValue());
                if (n != ABSENT) {
                    out.put(String.valueOf(e.getKey()), n);
                }
            }
            if (out.isEmpty()) {
                return "";
            }
            if (out.size() == 1 && out.containsKey(XmlSource.TEXT)) {
                return out.get(XmlSource.TEXT);
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            flatten(c, out);
            if (out.isEmpty()) {
                return ABSENT;
            }
            return out.size() == 1 ? out.get(0) : out;
        }
        return String.valueOf(v);
    }

    private static void flatten(Collection<?> c, List<Object> out) {
        for (Object item : c) {
            if (item instanceof Collection<?> inner) {
                flatten(inner, out);
            } else {
                out.add(norm(item));
            }
        }
    }

    private static Map<String, Object> configuration(Map<String, Object> config) {
        boolean flat = config.values().stream().noneMatch(v -> v instanceof Map || v instanceof Collection);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            out.put(e.getKey(), flat ? (e.getValue() == null ? "" : String.valueOf(e.getValue()))
                    : data(e.getValue()));
        }
        return out;
    }

    private static Object data(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), data(e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object item : c) {
                out.add(data(item));
            }
            return out;
        }
        return v == null ? "" : String.valueOf(v);
    }
}

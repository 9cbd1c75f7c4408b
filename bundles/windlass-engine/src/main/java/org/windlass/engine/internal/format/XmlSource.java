package org.windlass.engine.internal.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.windlass.api.job.JobFormatException;
import org.windlass.engine.internal.format.Tree.TList;
import org.windlass.engine.internal.format.Tree.TMap;
import org.windlass.engine.internal.format.Tree.TNode;
import org.windlass.engine.internal.format.Tree.TScalar;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads Rundeck's job XML ({@code <joblist><job>...</job></joblist>}) and translates each job to the
 * YAML shape {@link JobReader} validates, keeping each element's line.
 *
 * <p>Elements the translation does not know become generic values: an element with neither
 * attributes nor child elements is its text; otherwise a map of its attributes and children (a
 * child repeated becomes a list, non-blank text beside them goes under {@code #text}).
 */
final class XmlSource {

    static final String LINE = "windlass.line";
    static final String TEXT = "#text";

    /** One job of the document: its YAML-shaped tree and its {@code <context><project>}. */
    record XmlJob(TMap job, String project) {
    }

    private XmlSource() {
    }

    static List<XmlJob> read(InputStream in) {
        Document doc = parse(in);
        Element root = doc.getDocumentElement();
        if (root == null || !root.getTagName().equals("joblist")) {
            int line = root == null ? 1 : line(root);
            throw new JobFormatException("line " + line + ": expected <joblist>, found <"
                    + (root == null ? "" : root.getTagName()) + ">", line, null);
        }
        List<XmlJob> jobs = new ArrayList<>();
        for (Element e : children(root)) {
            if (!e.getTagName().equals("job")) {
                throw new JobFormatException("line " + line(e) + ": expected <job>, found <" + e.getTagName() + ">",
                        line(e), null);
            }
            jobs.add(job(e));
        }
        return jobs;
    }

    // ---------------------------------------------------------------------------------- parsing

    private static Document parse(InputStream in) {
        Document doc;
        try {
            DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
            doc = dbf.newDocumentBuilder().newDocument();
            SAXParserFactory spf = SAXParserFactory.newInstance();
            spf.setNamespaceAware(false);
            spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            spf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            SAXParser parser = spf.newSAXParser();
            parser.parse(in, new DomBuilder(doc));
        } catch (SAXParseException e) {
            int line = Math.max(e.getLineNumber(), 0);
            throw new JobFormatException("XML syntax error: line " + line + ": " + e.getMessage(), line, null);
        } catch (SAXException | ParserConfigurationException e) {
            throw new JobFormatException("XML syntax error: " + e.getMessage(), 0, null);
        } catch (IOException e) {
            throw new JobFormatException("cannot read the document: " + e.getMessage(), 0, null);
        }
        return doc;
    }

    /** Builds a DOM from SAX events, recording each element's start line as user data. */
    private static final class DomBuilder extends DefaultHandler {
        private final Document doc;
        private final Deque<Node> stack = new ArrayDeque<>();
        private Locator locator;

        DomBuilder(Document doc) {
            this.doc = doc;
            stack.push(doc);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Element e = doc.createElement(qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                e.setAttribute(attributes.getQName(i), attributes.getValue(i));
            }
            e.setUserData(LINE, locator == null ? 0 : locator.getLineNumber(), null);
            stack.peek().appendChild(e);
            stack.push(e);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            stack.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            Node parent = stack.peek();
            if (parent instanceof Element) {
                Node last = parent.getLastChild();
                if (last != null && last.getNodeType() == Node.TEXT_NODE) {
                    last.setNodeValue(last.getNodeValue() + new String(ch, start, length));
                } else {
                    parent.appendChild(doc.createTextNode(new String(ch, start, length)));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------ translation

    private static XmlJob job(Element e) {
        TMap m = new TMap(line(e));
        Set<String> repeated = new HashSet<>();
        String project = null;
        TMap nf = null;
        String excludePrecedence = null;
        int excludePrecedenceLine = 0;
        for (Element c : children(e)) {
            String tag = c.getTagName();
            switch (tag) {
                case "context" -> {
                    for (Element cc : children(c)) {
                        if (cc.getTagName().equals("project")) {
                            project = cc.getTextContent();
                        } else if (cc.getTagName().equals("options")) {
                            m.put("options", line(cc), options(cc));
                        } else {
                            add(m, repeated, "context." + cc.getTagName(), line(cc), generic(cc));
                        }
                    }
                }
                case "retry" -> {
                    if (c.hasAttribute("delay")) {
                        TMap r = new TMap(line(c));
                        r.put("retry", new TScalar(line(c), c.getTextContent()));
                        r.put("delay", new TScalar(line(c), c.getAttribute("delay")));
                        add(m, repeated, "retry", line(c), r);
                    } else {
                        add(m, repeated, "retry", line(c), generic(c));
                    }
                }
                case "logging" -> {
                    attr(m, c, "limit", "loglimit");
                    attr(m, c, "limitAction", "loglimitAction");
                    attr(m, c, "status", "loglimitStatus");
                }
                case "schedule" -> add(m, repeated, "schedule", line(c), schedule(c));
                case "sequence" -> add(m, repeated, "sequence", line(c), sequence(c));
                case "dispatch" -> {
                    if (nf == null) {
                        nf = new TMap(line(c));
                        m.put("nodefilters", nf);
                    }
                    nf.put("dispatch", line(c), asMap(generic(c)));
                }
                case "nodefilters" -> {
                    if (nf == null) {
                        nf = new TMap(line(c));
                        m.put("nodefilters", nf);
                    }
                    if (c.hasAttribute("excludeprecedence")) {
                        excludePrecedence = c.getAttribute("excludeprecedence");
                        excludePrecedenceLine = line(c);
                    }
                    Set<String> nfRepeated = new HashSet<>();
                    for (Element f : children(c)) {
                        String key = switch (f.getTagName()) {
                            case "filterExclude" -> "excludeFilter";
                            default -> f.getTagName();
                        };
                        add(nf, nfRepeated, key, line(f), generic(f));
                    }
                }
                default -> add(m, repeated, tag, line(c), generic(c));
            }
        }
        if (excludePrecedence != null) {
            TMap d = nf.get("dispatch") instanceof TMap dm ? dm : null;
            if (d == null) {
                d = new TMap(excludePrecedenceLine);
                nf.put("dispatch", d);
            }
            if (!d.has("excludePrecedence")) {
                d.put("excludePrecedence", new TScalar(excludePrecedenceLine, excludePrecedence));
            }
        }
        return new XmlJob(m, project);
    }

    private static TNode options(Element os) {
        TList list = new TList(line(os));
        for (Element o : children(os)) {
            if (!o.getTagName().equals("option")) {
                continue;
            }
            TMap m = new TMap(line(o));
            NamedNodeMap attrs = o.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr a = (Attr) attrs.item(i);
                String key = a.getName().equals("enforcedvalues") ? "enforced" : a.getName();
                m.put(key, new TScalar(line(o), a.getValue()));
            }
            Set<String> repeated = new HashSet<>();
            for (Element c : children(o)) {
                add(m, repeated, c.getTagName(), line(c), generic(c));
            }
            list.items().add(m);
        }
        return list;
    }

    private static TNode schedule(Element s) {
        TMap m = new TMap(line(s));
        if (s.hasAttribute("crontab")) {
            m.put("crontab", new TScalar(line(s), s.getAttribute("crontab")));
        }
        Set<String> repeated = new HashSet<>();
        for (Element c : children(s)) {
            if (c.getTagName().equals("month") && !c.hasAttribute("day") && c.getAttributes().getLength() == 1
                    && c.hasAttribute("month")) {
                add(m, repeated, "month", line(c), new TScalar(line(c), c.getAttribute("month")));
            } else {
                add(m, repeated, c.getTagName(), line(c), generic(c));
            }
        }
        return m;
    }

    private static TNode sequence(Element s) {
        TMap m = new TMap(line(s));
        attr(m, s, "keepgoing", "keepgoing");
        attr(m, s, "strategy", "strategy");
        TList commands = new TList(line(s));
        m.put("commands", commands);
        Set<String> repeated = new HashSet<>();
        for (Element c : children(s)) {
            if (c.getTagName().equals("command")) {
                commands.items().add(step(c));
            } else {
                add(m, repeated, c.getTagName(), line(c), generic(c));
            }
        }
        return m;
    }

    private static TMap step(Element c) {
        TMap m = new TMap(line(c));
        Set<String> repeated = new HashSet<>();
        NamedNodeMap attrs = c.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (!a.getName().equals("keepgoingOnSuccess")) {
                m.put(a.getName(), new TScalar(line(c), a.getValue()));
            }
        }
        for (Element e : children(c)) {
            int line = line(e);
            switch (e.getTagName()) {
                case "scriptargs" -> add(m, repeated, "args", line, generic(e));
                case "scriptinterpreter" -> {
                    String text = e.getTextContent();
                    if (!text.isEmpty()) {
                        add(m, repeated, "scriptInterpreter", line, new TScalar(line, text));
                    }
                    if (e.hasAttribute("argsquoted")) {
                        m.put("interpreterArgsQuoted", new TScalar(line, e.getAttribute("argsquoted")));
                    }
                }
                case "jobref" -> add(m, repeated, "jobref", line, jobref(e));
                case "node-step-plugin", "step-plugin" -> {
                    add(m, repeated, "type", line, new TScalar(line, e.hasAttribute("type")
                            ? e.getAttribute("type") : null));
                    m.put("nodeStep", new TScalar(line, String.valueOf(e.getTagName().equals("node-step-plugin"))));
                    for (Element pc : children(e)) {
                        if (pc.getTagName().equals("configuration")) {
                            add(m, repeated, "configuration", line(pc), configuration(pc));
                        } else {
                            add(m, repeated, pc.getTagName(), line(pc), generic(pc));
                        }
                    }
                }
                case "errorhandler" -> {
                    TMap h = step(e);
                    if (e.hasAttribute("keepgoingOnSuccess")) {
                        h.put("keepgoingOnSuccess", new TScalar(line, e.getAttribute("keepgoingOnSuccess")));
                    }
                    add(m, repeated, "errorhandler", line, h);
                }
                case "configuration" -> add(m, repeated, "configuration", line, configuration(e));
                default -> add(m, repeated, e.getTagName(), line, generic(e));
            }
        }
        return m;
    }

    private static TNode jobref(Element j) {
        TMap m = new TMap(line(j));
        NamedNodeMap attrs = j.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            m.put(a.getName(), new TScalar(line(j), a.getValue()));
        }
        Set<String> repeated = new HashSet<>();
        TMap nf = null;
        for (Element e : children(j)) {
            int line = line(e);
            switch (e.getTagName()) {
                case "arg" -> add(m, repeated, "args", line, new TScalar(line, e.getAttribute("line")));
                case "nodefilters", "dispatch" -> {
                    if (nf == null) {
                        nf = new TMap(line);
                        m.put("nodefilters", nf);
                    }
                    if (e.getTagName().equals("dispatch")) {
                        nf.put("dispatch", line, asMap(generic(e)));
                    } else {
                        Set<String> nfRepeated = new HashSet<>();
                        for (Element f : children(e)) {
                            TNode value = f.getTagName().equals("dispatch") ? asMap(generic(f)) : generic(f);
                            add(nf, nfRepeated, f.getTagName(), line(f), value);
                        }
                    }
                }
                default -> add(m, repeated, e.getTagName(), line, generic(e));
            }
        }
        return m;
    }

    /** {@code <entry key value/>} pairs, or Rundeck's generic data structure when {@code data='true'}. */
    private static TNode configuration(Element c) {
        if ("true".equals(c.getAttribute("data"))) {
            List<Element> kids = children(c);
            if (kids.isEmpty()) {
                return new TMap(line(c));
            }
            return data(kids.get(0));
        }
        TMap m = new TMap(line(c));
        for (Element e : children(c)) {
            if (e.getTagName().equals("entry")) {
                String value = e.hasAttribute("value") ? e.getAttribute("value") : e.getTextContent();
                m.put(e.getAttribute("key"), line(e), new TScalar(line(e), value));
            }
        }
        return m;
    }

    private static TNode data(Element e) {
        return switch (e.getTagName()) {
            case "map" -> {
                TMap m = new TMap(line(e));
                for (Element c : children(e)) {
                    m.put(c.getAttribute("key"), line(c), data(c));
                }
                yield m;
            }
            case "list", "set" -> {
                TList l = new TList(line(e));
                for (Element c : children(e)) {
                    l.items().add(data(c));
                }
                yield l;
            }
            default -> new TScalar(line(e), e.getTextContent());
        };
    }

    /** The generic translation of an element (see the class comment). */
    static TNode generic(Element e) {
        List<Element> kids = children(e);
        NamedNodeMap attrs = e.getAttributes();
        if (kids.isEmpty() && attrs.getLength() == 0) {
            return new TScalar(line(e), e.getTextContent());
        }
        TMap m = new TMap(line(e));
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            m.put(a.getName(), new TScalar(line(e), a.getValue()));
        }
        Set<String> repeated = new HashSet<>();
        for (Element c : kids) {
            add(m, repeated, c.getTagName(), line(c), generic(c));
        }
        String text = directText(e);
        if (!text.isBlank()) {
            m.put(TEXT, new TScalar(line(e), kids.isEmpty() ? text : text.strip()));
        }
        return m;
    }

    private static TNode asMap(TNode n) {
        return n instanceof TScalar s && s.value() instanceof String str && str.isBlank() ? new TMap(n.line()) : n;
    }

    /** Adds a child, turning a repeated key into a list. */
    private static void add(TMap m, Set<String> repeated, String key, int line, TNode value) {
        TNode existing = m.get(key);
        if (existing == null) {
            m.put(key, line, value);
        } else if (repeated.contains(key)) {
            ((TList) existing).items().add(value);
        } else {
            TList list = new TList(existing.line());
            list.items().add(existing);
            list.items().add(value);
            m.put(key, m.keyLine(key), list);
            repeated.add(key);
        }
    }

    private static void attr(TMap m, Element e, String attr, String key) {
        if (e.hasAttribute(attr)) {
            m.put(key, new TScalar(line(e), e.getAttribute(attr)));
        }
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static String directText(Element e) {
        StringBuilder sb = new StringBuilder();
        NodeList nodes = e.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.TEXT_NODE || nodes.item(i).getNodeType() == Node.CDATA_SECTION_NODE) {
                sb.append(nodes.item(i).getNodeValue());
            }
        }
        return sb.toString();
    }

    static int line(Element e) {
        Object l = e.getUserData(LINE);
        return l instanceof Integer i ? i : 0;
    }
}

package org.windlass.nodes.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.stream.XMLOutputFactory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceFormats;
import org.windlass.api.nodes.ResourceModelException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Rundeck's resource model formats: resourcexml ({@code <project><node name=... />}), resourceyaml
 * v13 (a map of node name to attributes, or a list of attribute maps) and resourcejson (the same
 * shapes in JSON). Parsing never resolves external entities (XML) or constructs objects (YAML).
 */
@Component(service = ResourceFormats.class)
public class RundeckResourceFormats implements ResourceFormats {

    /** Largest YAML document accepted, in code points (snakeyaml's default is 3 MB). */
    static final int MAX_YAML_CODE_POINTS = 256 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory JSON_FACTORY = JSON.getFactory();

    @Override
    public List<Node> parse(ResourceFormat format, InputStream in, String source) {
        return switch (format) {
            case XML -> parseXml(in, source);
            case YAML -> parseYaml(in, source);
            case JSON -> parseJson(in, source);
        };
    }

    @Override
    public void write(ResourceFormat format, List<Node> nodes, OutputStream out) {
        try {
            switch (format) {
                case XML -> writeXml(nodes, out);
                case YAML -> writeYaml(nodes, out);
                case JSON -> writeJson(nodes, out);
                default -> throw new IllegalArgumentException(format.name());
            }
        } catch (IOException | XMLStreamException e) {
            throw new IllegalStateException("cannot write the resource model as " + format.rundeckName() + ": " + e.getMessage(), e);
        }
    }

    // ---- XML ----

    private static List<Node> parseXml(InputStream in, String source) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<Node> nodes = new ArrayList<>();
        XMLStreamReader r = null;
        int line = 0;
        String current = null;
        try {
            r = factory.createXMLStreamReader(in);
            boolean root = false;
            Map<String, String> attrs = null;
            int nodeLine = 0;
            while (r.hasNext()) {
                int event = r.next();
                line = r.getLocation().getLineNumber();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String el = r.getLocalName();
                    if (!root) {
                        if (!el.equals("project")) {
                            throw new ResourceModelException(source, line, null, "the root element must be <project>, not <" + el + ">", null);
                        }
                        root = true;
                    } else if (el.equals("node") && attrs == null) {
                        attrs = new LinkedHashMap<>();
                        nodeLine = line;
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            String name = r.getAttributeLocalName(i);
                            attrs.put(name.equals("name") ? NodeMapping.NODENAME : name, r.getAttributeValue(i));
                        }
                        current = attrs.get(NodeMapping.NODENAME);
                    } else if (el.equals("attribute") && attrs != null) {
                        String name = r.getAttributeValue(null, "name");
                        if (name == null || name.isBlank()) {
                            throw new ResourceModelException(source, line, current, "an <attribute> has no name", null);
                        }
                        String value = r.getAttributeValue(null, "value");
                        attrs.put(name, value == null ? r.getElementText() : value);
                    } else {
                        throw new ResourceModelException(source, line, current, "unexpected element <" + el + ">", null);
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && r.getLocalName().equals("node") && attrs != null) {
                    nodes.add(NodeMapping.toNode(attrs, null, source, nodeLine));
                    attrs = null;
                    current = null;
                }
            }
            if (!root) {
                throw new ResourceModelException(source, line, null, "the document is empty: expected <project>", null);
            }
            return nodes;
        } catch (XMLStreamException e) {
            int l = e.getLocation() != null ? e.getLocation().getLineNumber() : line;
            throw new ResourceModelException(source, l, current, "not well-formed XML: " + e.getMessage().replaceAll("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", ""), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing more to read
                }
            }
        }
    }

    private static void writeXml(List<Node> nodes, OutputStream out) throws XMLStreamException, IOException {
        for (Node n : nodes) {
            for (String k : n.attributes().keySet()) {
                if (!isXmlName(k)) {
                    throw new IllegalArgumentException("node " + n.name() + ": attribute name '" + k + "' cannot be written as XML");
                }
            }
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeCharacters("\n");
        x.writeStartElement("project");
        x.writeCharacters("\n");
        for (Node n : nodes) {
            x.writeCharacters("  ");
            x.writeEmptyElement("node");
            for (Map.Entry<String, String> e : NodeMapping.toAttributes(n).entrySet()) {
                String name = e.getKey().equals(NodeMapping.NODENAME) ? "name" : e.getKey();
                x.writeAttribute(name, e.getValue());
            }
            x.writeCharacters("\n");
        }
        x.writeEndElement();
        x.writeCharacters("\n");
        x.writeEndDocument();
        x.flush();
        w.flush();
    }

    private static final java.util.regex.Pattern XML_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9._:-]*");

    static boolean isXmlName(String name) {
        return XML_NAME.matcher(name).matches();
    }

    // ---- YAML ----

    private static List<Node> parseYaml(InputStream in, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_YAML_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        byte[] document;
        try {
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new ResourceModelException(source, 0, null, "cannot read: " + e.getMessage(), e);
        }
        return YamlEvents.parse(document, source, options);
    }

    private static void writeYaml(List<Node> nodes, OutputStream out) throws IOException {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Node n : nodes) {
            doc.put(n.name(), NodeMapping.toAttributes(n));
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        new Yaml(options).dump(doc, w);
        w.flush();
    }

    // ---- JSON ----

    private static List<Node> parseJson(InputStream in, String source) {
        List<Node> nodes = new ArrayList<>();
        try (JsonParser p = JSON_FACTORY.createParser(in)) {
            p.setCodec(JSON);
            JsonToken first = p.nextToken();
            if (first == null) {
                return nodes;
            }
            if (first == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    int line = p.currentTokenLocation().getLineNr();
                    nodes.add(jsonNode(p.readValueAsTree(), key, source, line));
                }
            } else if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentTokenLocation().getLineNr();
                    nodes.add(jsonNode(p.readValueAsTree(), null, source, line));
                }
            } else {
                throw new ResourceModelException(source, p.currentTokenLocation().getLineNr(), null,
                        "the document must be an object of nodes or an array of nodes", null);
            }
            return nodes;
        } catch (JsonProcessingException e) {
            throw new ResourceModelException(source, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null,
                    "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ResourceModelException(source, 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static Node jsonNode(JsonNode value, String key, String source, int line) {
        if (value == null || !value.isObject()) {
            throw new ResourceModelException(source, line, key, "a node must be an object of attributes", null);
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isNull()) {
                attrs.put(e.getKey(), null);
            } else if (v.isValueNode()) {
                attrs.put(e.getKey(), v.asText());
            } else if (v.isArray() && e.getKey().equals(NodeMapping.TAGS)) {
                List<String> tags = new ArrayList<>();
                v.forEach(t -> tags.add(t.asText()));
                attrs.put(e.getKey(), tags);
            } else {
                throw new ResourceModelException(source, line, key, "attribute " + e.getKey() + " must be a text value", null);
            }
        });
        return NodeMapping.toNode(attrs, key, source, line);
    }

    private static void writeJson(List<Node> nodes, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (Node n : nodes) {
                g.writeObjectFieldStart(n.name());
                for (Map.Entry<String, String> e : NodeMapping.toAttributes(n).entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }
}

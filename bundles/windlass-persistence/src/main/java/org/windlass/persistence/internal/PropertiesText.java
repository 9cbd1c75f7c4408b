package org.windlass.persistence.internal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Project properties as stored: Java properties syntax, keys sorted, no timestamp comment. */
final class PropertiesText {

    private PropertiesText() {
    }

    static String format(Map<String, String> properties) {
        Properties p = new Properties();
        p.putAll(properties);
        StringWriter out = new StringWriter();
        try {
            p.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().lines().filter(l -> !l.startsWith("#")).sorted().collect(Collectors.joining("\n", "", "\n"));
    }

    static Map<String, String> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text == null ? "" : text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}

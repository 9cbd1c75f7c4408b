package org.windlass.api.nodes;

import java.util.List;
import java.util.Locale;

/** Rundeck's resource model formats. */
public enum ResourceFormat {
    XML("resourcexml", List.of(".xml"), List.of("text/xml", "application/xml")),
    YAML("resourceyaml", List.of(".yaml", ".yml"), List.of("text/yaml", "application/yaml", "application/x-yaml", "text/x-yaml")),
    JSON("resourcejson", List.of(".json"), List.of("application/json", "text/json"));

    private final String rundeckName;
    private final List<String> extensions;
    private final List<String> mediaTypes;

    ResourceFormat(String rundeckName, List<String> extensions, List<String> mediaTypes) {
        this.rundeckName = rundeckName;
        this.extensions = extensions;
        this.mediaTypes = mediaTypes;
    }

    /** @return Rundeck's format name: resourcexml, resourceyaml, resourcejson */
    public String rundeckName() {
        return rundeckName;
    }

    /** @return the main media type */
    public String mediaType() {
        return mediaTypes.get(0);
    }

    /** @throws IllegalArgumentException naming the value and the known formats */
    public static ResourceFormat fromName(String name) {
        for (ResourceFormat f : values()) {
            if (f.rundeckName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown resource format '" + name + "': use resourcexml, resourceyaml or resourcejson");
    }

    /** @throws IllegalArgumentException when the extension is not .xml, .yaml, .yml or .json */
    public static ResourceFormat fromFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ResourceFormat f : values()) {
            for (String ext : f.extensions) {
                if (lower.endsWith(ext)) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("cannot tell the format of '" + fileName + "' from its extension (.xml, .yaml, .yml, .json): set format");
    }

    /** @return the format of a media type (parameters ignored), or {@code null} when none matches */
    public static ResourceFormat fromMediaType(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        String base = mediaType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        for (ResourceFormat f : values()) {
            if (f.mediaTypes.contains(base)) {
                return f;
            }
        }
        return null;
    }
}

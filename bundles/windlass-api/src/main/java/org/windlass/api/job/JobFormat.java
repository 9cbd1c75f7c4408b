package org.windlass.api.job;

import java.util.Locale;

/** Rundeck's job definition formats. */
public enum JobFormat {
    XML("application/xml"), YAML("application/yaml"), JSON("application/json");

    private final String mediaType;

    JobFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** @return the media type of a document in this format */
    public String mediaType() {
        return mediaType;
    }

    /**
     * @param name {@code xml}, {@code yaml} (or {@code yml}) or {@code json}, any case
     * @throws IllegalArgumentException naming the value when it is none of them
     */
    public static JobFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "xml" -> XML;
            case "yaml", "yml" -> YAML;
            case "json" -> JSON;
            default -> throw new IllegalArgumentException("unknown job format '" + name + "' (xml, yaml, json)");
        };
    }
}

package org.windlass.engine.internal.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.windlass.api.job.JobDefinition;
import org.windlass.api.job.JobFormat;
import org.windlass.api.job.JobFormatException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads and writes job definitions in Rundeck's formats: job-yaml-v12, its JSON form and job XML.
 *
 * <p>Reading validates every job and throws {@link JobFormatException} naming the job (its 1-based
 * index in the document and its name when known), the 1-based line and the field path
 * ({@code sequence.commands[2].exec}; list indexes are 1-based). Fields Windlass keeps without
 * acting on them go to the model's {@code extra} maps; unknown ones also produce a warning.
 *
 * <p>Writing writes what Rundeck writes; {@code read(write(jobs))} equals {@code jobs} for YAML
 * and JSON, and for XML once extra values are normalized as XML keeps them (text only; see
 * {@link XmlSink}). Typed fields round-trip exactly in all three formats.
 */
public final class JobCodec {

    /** Jobs read plus non-fatal warnings. */
    public record Parsed(List<JobDefinition> jobs, List<String> warnings) {
        public Parsed {
            jobs = List.copyOf(jobs);
            warnings = List.copyOf(warnings);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private JobCodec() {
    }

    /**
     * @throws JobFormatException naming the job (1-based index in the document and its name when
     *                            known), the 1-based line and the field path (e.g. "sequence.commands[2].exec")
     */
    public static Parsed read(JobFormat format, InputStream in) {
        List<String> warnings = new ArrayList<>();
        List<JobDefinition> jobs = switch (format) {
            case YAML -> JobReader.readAll(YamlSource.read(in, false), warnings, "YAML");
            case JSON -> JobReader.readAll(YamlSource.read(in, true), warnings, "JSON");
            case XML -> {
                List<JobDefinition> out = new ArrayList<>();
                int i = 1;
                for (XmlSource.XmlJob x : XmlSource.read(in)) {
                    out.add(new JobReader(i++, warnings).read(x.job(), x.project()));
                }
                yield out;
            }
        };
        return new Parsed(jobs, warnings);
    }

    public static void write(List<JobDefinition> jobs, JobFormat format, OutputStream out) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (format != JobFormat.XML) {
            for (JobDefinition j : jobs) {
                maps.add(JobWriter.job(j));
            }
        }
        try {
            switch (format) {
                case YAML -> {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    yaml().dump(maps, w);
                    w.flush();
                }
                case JSON -> {
                    JSON.writeValue(out, maps);
                    out.write('\n');
                    out.flush();
                }
                case XML -> {
                    XmlSink.write(jobs, out);
                    out.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(new LiteralRepresenter(options), options);
    }

    /** Writes multi-line strings (scripts, descriptions) as literal blocks where YAML allows it. */
    private static final class LiteralRepresenter extends Representer {
        LiteralRepresenter(DumperOptions options) {
            super(options);
        }

        @Override
        protected Node representScalar(Tag tag, String value, DumperOptions.ScalarStyle style) {
            if (Tag.STR.equals(tag) && value.indexOf('\n') >= 0 && style == DumperOptions.ScalarStyle.PLAIN) {
                return super.representScalar(tag, value, DumperOptions.ScalarStyle.LITERAL);
            }
            return super.representScalar(tag, value, style);
        }
    }
}

package org.windlass.nodes.script.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceFormats;
import org.windlass.api.nodes.ResourceModelException;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/**
 * Rundeck's {@code script} resource model source: runs {@code [interpreter] file [args]}
 * ({@code argsQuoted=true}: {@code interpreter "file args"}) and parses its standard output in
 * {@code format}. A non-zero exit code or a timeout is a failure whose message carries the end of
 * the script's standard error.
 */
@Component(service = NodeSource.class)
@WindlassPlugin(type = NodeSource.TYPE, name = "script")
public class ScriptNodeSource implements NodeSource {

    static final int STDERR_TAIL = 2000;

    private final ResourceFormats formats;

    @Activate
    public ScriptNodeSource(@Reference ResourceFormats formats) {
        this.formats = formats;
    }

    @Override
    public List<Node> nodes(Request request) throws PluginException {
        String where = "source " + request.index() + " of project " + request.project();
        String file = request.config().get("file");
        if (file == null || file.isBlank()) {
            throw new PluginException("ConfigurationError", where + ": the setting 'file' is required");
        }
        String formatName = request.config().get("format");
        if (formatName == null || formatName.isBlank()) {
            throw new PluginException("ConfigurationError", where + ": the setting 'format' is required");
        }
        ResourceFormat format;
        try {
            format = ResourceFormat.fromName(formatName);
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationError", where + ": " + e.getMessage(), e);
        }
        List<String> command = command(file, request.config().get("interpreter"), request.config().get("args"),
                Boolean.parseBoolean(request.config().getOrDefault("argsQuoted", "false")));
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("windlass-nodes-", ".out");
            err = Files.createTempFile("windlass-nodes-", ".err");
            process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(request.timeoutMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new PluginException("Timeout", "script " + file + " did not finish in " + request.timeoutMillis() + " ms");
            }
            int code = process.exitValue();
            if (code != 0) {
                throw new PluginException("NonZeroResultCode", "script " + file + " exited with code " + code + tail(err));
            }
            try (InputStream in = Files.newInputStream(out)) {
                return formats.parse(format, in, "output of script " + file);
            } catch (ResourceModelException e) {
                throw new PluginException("ParseError", e.getMessage() + tail(err), e);
            }
        } catch (IOException e) {
            throw new PluginException("IOError", "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new PluginException("Interrupted", "interrupted while running script " + file, e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    static List<String> command(String file, String interpreter, String args, boolean argsQuoted) {
        List<String> cmd = new ArrayList<>();
        List<String> argList = args == null || args.isBlank() ? List.of() : List.of(args.strip().split("\\s+"));
        if (interpreter != null && !interpreter.isBlank()) {
            cmd.addAll(List.of(interpreter.strip().split("\\s+")));
            if (argsQuoted) {
                cmd.add(file + (argList.isEmpty() ? "" : " " + String.join(" ", argList)));
                return cmd;
            }
        }
        cmd.add(file);
        cmd.addAll(argList);
        return cmd;
    }

    private static String tail(Path err) throws IOException {
        if (err == null || !Files.exists(err) || Files.size(err) == 0) {
            return "";
        }
        String text = Files.readString(err, StandardCharsets.UTF_8).strip();
        return "; stderr: " + (text.length() > STDERR_TAIL ? "..." + text.substring(text.length() - STDERR_TAIL) : text);
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}

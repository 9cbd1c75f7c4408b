package org.windlass.nodes.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * Rundeck's {@code file} resource model source: {@code file} (required), {@code format} (else from
 * the extension), {@code requireFileExists} (false: a missing file gives no nodes),
 * {@code generateFileAutomatically} (false: when true a missing file is created empty). Every
 * member must see the same file (a shared file system) to see the same nodes.
 */
@Component(service = NodeSource.class)
@WindlassPlugin(type = NodeSource.TYPE, name = "file")
public class FileNodeSource implements NodeSource {

    private final ResourceFormats formats;

    @Activate
    public FileNodeSource(@Reference ResourceFormats formats) {
        this.formats = formats;
    }

    @Override
    public List<Node> nodes(Request request) throws PluginException {
        String file = request.config().get("file");
        if (file == null || file.isBlank()) {
            throw new PluginException("ConfigurationError", "source " + request.index() + " of project " + request.project()
                    + ": the setting 'file' is required");
        }
        return read(formats, Path.of(file), request.config());
    }

    @Override
    public boolean isWriteable(Request request) {
        return Boolean.parseBoolean(request.config().getOrDefault("writeable", "false"))
                && request.config().get("file") != null && !request.config().get("file").isBlank();
    }

    @Override
    public void write(Request request, List<Node> nodes) throws PluginException {
        if (!isWriteable(request)) {
            throw new PluginException("NotWriteable", "source " + request.index() + " of project " + request.project()
                    + " is not writeable (set writeable=true)");
        }
        Path path = Path.of(request.config().get("file"));
        ResourceFormat format;
        try {
            String f = request.config().get("format");
            format = f == null || f.isBlank() ? ResourceFormat.fromFileName(path.toString()) : ResourceFormat.fromName(f);
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationError", e.getMessage(), e);
        }
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    formats.write(format, nodes, out);
                }
                Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            throw new PluginException("IOError", "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    static List<Node> read(ResourceFormats formats, Path path, Map<String, String> config) throws PluginException {
        ResourceFormat format;
        try {
            String f = config.get("format");
            format = f == null || f.isBlank() ? ResourceFormat.fromFileName(path.toString()) : ResourceFormat.fromName(f);
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationError", e.getMessage(), e);
        }
        if (!Files.exists(path)) {
            if (Boolean.parseBoolean(config.getOrDefault("generateFileAutomatically", "false"))) {
                try {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                    try (OutputStream out = Files.newOutputStream(path)) {
                        formats.write(format, List.of(), out);
                    }
                } catch (IOException e) {
                    throw new PluginException("IOError", "cannot create " + path + ": " + e.getMessage(), e);
                }
                return List.of();
            }
            if (Boolean.parseBoolean(config.getOrDefault("requireFileExists", "false"))) {
                throw new PluginException("FileNotFound", "file " + path + " does not exist (requireFileExists is true)");
            }
            return List.of();
        }
        try (InputStream in = Files.newInputStream(path)) {
            return formats.parse(format, in, path.toString());
        } catch (ResourceModelException e) {
            throw new PluginException("ParseError", e.getMessage(), e);
        } catch (IOException e) {
            throw new PluginException("IOError", "cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}

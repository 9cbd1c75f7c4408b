package org.windlass.nodes.file.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceFormats;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/**
 * Rundeck's {@code directory} source: every .xml, .yaml, .yml and .json file in {@code directory},
 * in name order, as {@code file} sources.
 */
@Component(service = NodeSource.class)
@WindlassPlugin(type = NodeSource.TYPE, name = "directory")
public class DirectoryNodeSource implements NodeSource {

    private final ResourceFormats formats;

    @Activate
    public DirectoryNodeSource(@Reference ResourceFormats formats) {
        this.formats = formats;
    }

    @Override
    public List<Node> nodes(Request request) throws PluginException {
        String dir = request.config().get("directory");
        if (dir == null || dir.isBlank()) {
            throw new PluginException("ConfigurationError", "source " + request.index() + " of project " + request.project()
                    + ": the setting 'directory' is required");
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new PluginException("FileNotFound", "directory " + path + " does not exist");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(Files::isRegularFile).filter(DirectoryNodeSource::known).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("IOError", "cannot list " + path + ": " + e.getMessage(), e);
        }
        List<Node> nodes = new ArrayList<>();
        for (Path f : files) {
            nodes.addAll(FileNodeSource.read(formats, f, Map.of("requireFileExists", "true")));
        }
        return nodes;
    }

    private static boolean known(Path p) {
        try {
            ResourceFormat.fromFileName(p.getFileName().toString());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package org.windlass.itests.sample.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.windlass.api.Node;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;

/** A node source that yields the nodes named in its {@code nodes} setting (comma-separated). */
@Component(service = NodeSource.class)
@WindlassPlugin(type = NodeSource.TYPE, name = "sample-static")
public class StaticNodeSource implements NodeSource {

    @Override
    public List<Node> nodes(Request request) throws PluginException {
        String names = request.config().getOrDefault("nodes", "");
        if (names.isBlank()) {
            throw new PluginException("ConfigurationError", "source " + request.index() + " of project "
                    + request.project() + ": the setting 'nodes' is empty");
        }
        return List.of(names.split(",")).stream()
                .map(String::strip)
                .map(n -> new Node(n, n, null, "sample node", Set.of("sample"), Map.of()))
                .toList();
    }
}

package org.windlass.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.windlass.api.Node;
import org.windlass.api.nodes.NodeService;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceFormats;

/**
 * Rundeck's node endpoints: {@code /project/{p}/resources?filter=} (JSON, YAML or XML by the
 * {@code format} parameter or {@code Accept}), {@code /project/{p}/resource/{name}}, and
 * {@code /project/{p}/sources} with each source's state.
 */
final class NodeRoutes {

    private NodeRoutes() {
    }

    static void handle(HttpServletRequest req, HttpServletResponse resp, List<String> p, NodeService nodes, ResourceFormats formats,
                       String full) throws IOException {
        if (nodes == null || formats == null) {
            throw ApiException.unavailable("the node service");
        }
        boolean sourceWrite = p.get(2).equals("source") && req.getMethod().equals("POST");
        if (!req.getMethod().equals("GET") && !sourceWrite) {
            throw ApiException.methodNotAllowed(req.getMethod(), full);
        }
        String project = p.get(1);
        switch (p.get(2)) {
            case "source" -> {
                if (p.size() != 5 || !p.get(4).equals("resources")) {
                    throw ApiException.notFound("no API endpoint at " + full);
                }
                int index;
                try {
                    index = Integer.parseInt(p.get(3));
                } catch (NumberFormatException e) {
                    throw ApiException.badRequest("source index '" + p.get(3) + "' is not a number");
                }
                if (sourceWrite) {
                    ResourceFormat in = ResourceFormat.fromMediaType(req.getContentType());
                    if (in == null) {
                        throw ApiException.badRequest("unsupported content type '" + req.getContentType()
                                + "': send application/json, text/yaml or application/xml");
                    }
                    List<Node> parsed;
                    try {
                        parsed = formats.parse(in, new java.io.ByteArrayInputStream(RequestBodies.read(req)), "request body");
                    } catch (org.windlass.api.nodes.ResourceModelException e) {
                        throw ApiException.badRequest(e.getMessage());
                    }
                    try {
                        nodes.replaceSourceNodes(project, index, parsed);
                    } catch (org.windlass.api.spi.PluginException e) {
                        throw new ApiException(500, "api.error.source.write", e.getMessage());
                    }
                }
                write(req, resp, formats, nodes.sourceNodes(project, index));
            }
            case "resources" -> {
                if (p.size() != 3) {
                    throw ApiException.notFound("no API endpoint at " + full);
                }
                Guard guard = Guard.of(req);
                write(req, resp, formats, nodes.nodes(project, req.getParameter("filter")).stream()
                        .filter(n -> guard.allows(project, "node", Guard.node(n), "read")).toList());
            }
            case "resource" -> {
                if (p.size() != 4) {
                    throw ApiException.notFound("no API endpoint at " + full);
                }
                Node node = nodes.node(project, p.get(3))
                        .orElseThrow(() -> ApiException.notFound("node " + p.get(3) + " is not in project " + project));
                Guard.of(req).require(project, "node", Guard.node(node), "read");
                write(req, resp, formats, List.of(node));
            }
            case "sources" -> {
                List<Object> out = new ArrayList<>();
                for (NodeService.SourceState s : nodes.sources(project)) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("index", s.index());
                    m.put("type", s.type());
                    m.put("status", s.status().name().toLowerCase());
                    m.put("nodes", s.nodes());
                    m.put("lastSuccess", s.lastSuccess() == null ? null : s.lastSuccess().toString());
                    m.put("lastAttempt", s.lastAttempt() == null ? null : s.lastAttempt().toString());
                    m.put("errors", s.error());
                    out.add(m);
                }
                Json.write(resp, 200, out);
            }
            default -> throw ApiException.notFound("no API endpoint at " + full);
        }
    }

    private static void write(HttpServletRequest req, HttpServletResponse resp, ResourceFormats formats, List<Node> list) throws IOException {
        ResourceFormat format = format(req);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        formats.write(format, list, out);
        resp.setStatus(200);
        resp.setContentType(format.mediaType());
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(out.size());
        out.writeTo(resp.getOutputStream());
    }

    static ResourceFormat format(HttpServletRequest req) {
        String param = req.getParameter("format");
        if (param != null && !param.isBlank()) {
            return switch (param.toLowerCase()) {
                case "json" -> ResourceFormat.JSON;
                case "yaml" -> ResourceFormat.YAML;
                case "xml" -> ResourceFormat.XML;
                default -> ResourceFormat.fromName(param);
            };
        }
        String accept = req.getHeader("Accept");
        if (accept != null) {
            for (String part : accept.split(",")) {
                ResourceFormat f = ResourceFormat.fromMediaType(part);
                if (f != null) {
                    return f;
                }
            }
        }
        return ResourceFormat.JSON;
    }
}

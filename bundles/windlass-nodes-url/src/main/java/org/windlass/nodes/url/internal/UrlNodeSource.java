package org.windlass.nodes.url.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.windlass.api.Node;
import org.windlass.api.nodes.ResourceFormat;
import org.windlass.api.nodes.ResourceFormats;
import org.windlass.api.nodes.ResourceModelException;
import org.windlass.api.spi.NodeSource;
import org.windlass.api.spi.PluginException;
import org.windlass.api.spi.WindlassPlugin;
import org.windlass.api.storage.SecretResolver;

/**
 * Rundeck's {@code url} resource model source: {@code url} (http, https or file), {@code cache}
 * (true: revalidate with ETag / Last-Modified and reuse the last nodes on 304), {@code timeout}
 * (seconds, default 30; 0 for none), {@code format} (else from the response's content type or the
 * URL's extension), {@code authHeaderStoragePath} (a key storage password holding the value of the
 * {@code Authorization} header). An HTTP error status, a timeout or a parse error is a failure.
 */
@Component(service = NodeSource.class)
@WindlassPlugin(type = NodeSource.TYPE, name = "url")
public class UrlNodeSource implements NodeSource {

    /** What the last successful fetch of a URL gave, for conditional requests. */
    record Cached(String etag, String lastModified, List<Node> nodes) {
    }

    private final ResourceFormats formats;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile SecretResolver secrets;

    @Activate
    public UrlNodeSource(@Reference ResourceFormats formats) {
        this.formats = formats;
    }

    UrlNodeSource(ResourceFormats formats, SecretResolver secrets) {
        this.formats = formats;
        this.secrets = secrets;
    }

    @Override
    public List<Node> nodes(Request request) throws PluginException {
        String where = "source " + request.index() + " of project " + request.project();
        String url = request.config().get("url");
        if (url == null || url.isBlank()) {
            throw new PluginException("ConfigurationError", where + ": the setting 'url' is required");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationError", where + ": '" + url + "' is not a URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            try (InputStream in = Files.newInputStream(Path.of(uri))) {
                return parse(format(request, null, uri), in, url);
            } catch (IOException e) {
                throw new PluginException("IOError", "cannot read " + url + ": " + e.getMessage(), e);
            }
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PluginException("ConfigurationError", where + ": unsupported URL scheme in '" + url + "' (http, https, file)");
        }
        boolean useCache = Boolean.parseBoolean(request.config().getOrDefault("cache", "true"));
        String key = request.project() + "/" + request.index() + "/" + url;
        Cached previous = useCache ? cache.get(key) : null;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET()
                .header("Accept", "application/json, text/yaml, application/yaml, text/xml, application/xml;q=0.9, */*;q=0.5");
        long timeoutSeconds = timeoutSeconds(request);
        if (timeoutSeconds > 0) {
            b.timeout(Duration.ofSeconds(timeoutSeconds));
        }
        String headerPath = request.config().get("authHeaderStoragePath");
        if (headerPath != null && !headerPath.isBlank()) {
            SecretResolver r = secrets;
            if (r == null) {
                throw new PluginException("ConfigurationError", where + ": key storage is not available for authHeaderStoragePath");
            }
            byte[] value = r.read(headerPath.strip());
            b.header("Authorization", new String(value, StandardCharsets.UTF_8).strip());
            java.util.Arrays.fill(value, (byte) 0);
        }
        if (previous != null) {
            if (previous.etag() != null) {
                b.header("If-None-Match", previous.etag());
            }
            if (previous.lastModified() != null) {
                b.header("If-Modified-Since", previous.lastModified());
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new PluginException("Timeout", "GET " + url + " timed out after " + timeoutSeconds + " s", e);
        } catch (IOException e) {
            throw new PluginException("ConnectionFailure", "GET " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("Interrupted", "interrupted while fetching " + url, e);
        }
        if (response.statusCode() == 304 && previous != null) {
            return previous.nodes();
        }
        if (response.statusCode() / 100 != 2) {
            throw new PluginException("HttpError", "GET " + url + " answered " + response.statusCode());
        }
        List<Node> nodes = parse(format(request, response.headers().firstValue("Content-Type").orElse(null), uri),
                new ByteArrayInputStream(response.body()), url);
        if (useCache) {
            cache.put(key, new Cached(response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), nodes));
        }
        return nodes;
    }

    private List<Node> parse(ResourceFormat format, InputStream in, String url) throws PluginException {
        try {
            return formats.parse(format, in, url);
        } catch (ResourceModelException e) {
            throw new PluginException("ParseError", e.getMessage(), e);
        }
    }

    private static long timeoutSeconds(Request request) throws PluginException {
        String t = request.config().get("timeout");
        if (t == null || t.isBlank()) {
            return 30;
        }
        try {
            return Long.parseLong(t.strip());
        } catch (NumberFormatException e) {
            throw new PluginException("ConfigurationError", "source " + request.index() + " of project " + request.project()
                    + ": timeout '" + t + "' is not a number of seconds", e);
        }
    }

    private static ResourceFormat format(Request request, String contentType, URI uri) throws PluginException {
        String configured = request.config().get("format");
        try {
            if (configured != null && !configured.isBlank()) {
                return ResourceFormat.fromName(configured);
            }
            ResourceFormat byType = ResourceFormat.fromMediaType(contentType);
            if (byType != null) {
                return byType;
            }
            return ResourceFormat.fromFileName(uri.getPath() == null ? "" : uri.getPath());
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationError", "cannot tell the format of " + uri + " (content type "
                    + contentType + "): set format", e);
        }
    }
}

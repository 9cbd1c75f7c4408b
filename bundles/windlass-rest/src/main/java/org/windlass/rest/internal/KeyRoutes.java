package org.windlass.rest.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyListing;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyStorage;
import org.windlass.api.storage.KeyType;
import org.windlass.api.storage.SecretAccessException;

/**
 * Rundeck's key storage endpoints, {@code /api/{v}/storage/keys/[PATH]}: GET lists a directory or
 * describes an entry (a public key's content with {@code Accept: application/pgp-keys}); POST
 * creates, PUT replaces, DELETE removes; the request's content type chooses the key type.
 * Private keys and passwords are never returned.
 */
final class KeyRoutes {

    private KeyRoutes() {
    }

    static void handle(HttpServletRequest req, HttpServletResponse resp, int version, List<String> p, KeyStorage keys,
                       String full) throws IOException {
        if (keys == null) {
            throw ApiException.unavailable("key storage");
        }
        if (p.size() < 2 || !p.get(1).equals("keys")) {
            throw ApiException.notFound("no API endpoint at " + full + ": key storage is under /api/" + version + "/storage/keys/");
        }
        String path = String.join("/", p.subList(1, p.size()));
        switch (req.getMethod()) {
            case "GET" -> get(req, resp, version, path, keys);
            case "POST" -> {
                KeyType type = KeyType.fromContentType(req.getContentType());
                KeyInfo info = keys.create(path, type, body(req));
                Json.write(resp, 201, entry(req, version, info));
            }
            case "PUT" -> {
                KeyType type = KeyType.fromContentType(req.getContentType());
                KeyInfo info = keys.update(path, type, body(req));
                Json.write(resp, 200, entry(req, version, info));
            }
            case "DELETE" -> {
                keys.delete(path);
                resp.setStatus(204);
            }
            default -> throw ApiException.methodNotAllowed(req.getMethod(), full);
        }
    }

    private static void get(HttpServletRequest req, HttpServletResponse resp, int version, String path, KeyStorage keys) throws IOException {
        Optional<KeyInfo> info = path.equals("keys") ? Optional.empty() : keys.info(path);
        if (info.isPresent()) {
            String accept = req.getHeader("Accept");
            if (accept != null && accept.contains(KeyType.PUBLIC.contentType())) {
                byte[] content = keys.readPublicKey(path);
                resp.setStatus(200);
                resp.setContentType(KeyType.PUBLIC.contentType());
                resp.setContentLength(content.length);
                resp.getOutputStream().write(content);
                return;
            }
            if (accept != null && (accept.contains(KeyType.PRIVATE.contentType()) || accept.contains(KeyType.PASSWORD.contentType()))) {
                throw new SecretAccessException(info.get().path(), info.get().type());
            }
            Json.write(resp, 200, entry(req, version, info.get()));
            return;
        }
        KeyListing listing = keys.list(path);
        if (!path.equals("keys") && listing.keys().isEmpty() && listing.directories().isEmpty()) {
            throw ApiException.notFound("no key storage entry or directory at " + path);
        }
        List<Object> resources = new ArrayList<>();
        for (String dir : listing.directories()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("url", url(req, version, dir));
            d.put("type", "directory");
            d.put("path", dir);
            resources.add(d);
        }
        for (KeyInfo k : listing.keys()) {
            resources.add(entry(req, version, k));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("resources", resources);
        out.put("url", url(req, version, listing.path()));
        out.put("type", "directory");
        out.put("path", listing.path());
        Json.write(resp, 200, out);
    }

    static Map<String, Object> entry(HttpServletRequest req, int version, KeyInfo k) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("Rundeck-key-type", k.type().rundeckName());
        meta.put("Rundeck-content-type", k.type().contentType());
        meta.put("Rundeck-content-size", Long.toString(k.size()));
        if (k.type().isSecret()) {
            meta.put("Rundeck-content-mask", "content");
        }
        meta.put("Rundeck-content-creation-time", k.created().toString());
        meta.put("Rundeck-content-modify-time", k.modified().toString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meta", meta);
        m.put("url", url(req, version, k.path()));
        m.put("name", k.name());
        m.put("type", "file");
        m.put("path", k.path());
        return m;
    }

    private static String url(HttpServletRequest req, int version, String path) {
        return req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort() + "/api/" + version + "/storage/" + path;
    }

    private static byte[] body(HttpServletRequest req) throws IOException {
        byte[] content = RequestBodies.read(req, KeyStorage.MAX_CONTENT, "the key content");
        if (content.length == 0) {
            throw ApiException.badRequest("the key content is empty");
        }
        return content;
    }
}

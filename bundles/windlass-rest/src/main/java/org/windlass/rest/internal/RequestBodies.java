package org.windlass.rest.internal;

import java.io.IOException;
import java.io.InputStream;

import javax.servlet.http.HttpServletRequest;

/** Reads request bodies with a size limit: 413 over it, whatever the declared length says. */
final class RequestBodies {

    /** Largest body of a JSON or project-file request (a project file is at most 1 MiB). */
    static final int DEFAULT_LIMIT = 1024 * 1024 + 1024;

    private RequestBodies() {
    }

    static byte[] read(HttpServletRequest req) throws IOException {
        return read(req, DEFAULT_LIMIT, "the request body");
    }

    /** @param what names the body in the 413 message ("the key content") */
    static byte[] read(HttpServletRequest req, int limit, String what) throws IOException {
        long declared = req.getContentLengthLong();
        if (declared > limit) {
            throw new ApiException(413, "api.error.request.toolarge", what + " is " + declared + " bytes; the limit is " + limit);
        }
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw new ApiException(413, "api.error.request.toolarge", what + " exceeds the limit of " + limit + " bytes");
            }
            return body;
        }
    }
}

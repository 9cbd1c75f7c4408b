package org.windlass.rest.internal;

/** An API error: the HTTP status, Rundeck's error code and a message that names the problem. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;

    ApiException(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }

    static ApiException notFound(String what) {
        return new ApiException(404, "api.error.item.doesnotexist", what);
    }

    /** 405, naming the method and the path. */
    static ApiException methodNotAllowed(String method, String path) {
        return new ApiException(405, "api.error.invalid.request", "method " + method + " is not allowed on " + path);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "api.error.invalid.request", message);
    }

    /** A storage service is not registered: the database is away or its schema is being updated. */
    static ApiException unavailable(String what) {
        return new ApiException(503, "api.error.storage.unavailable",
                what + " is not available yet: the cluster database cannot be reached or its schema is being updated");
    }

    static ApiException forbidden(String message) {
        return new ApiException(403, "api.error.item.unauthorized", message);
    }
}

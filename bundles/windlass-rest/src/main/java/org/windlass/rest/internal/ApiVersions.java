package org.windlass.rest.internal;

/** The Rundeck API versions Windlass answers: every version current Rundeck clients send. */
final class ApiVersions {

    static final int MIN = 14;
    static final int MAX = 48;

    private ApiVersions() {
    }

    /**
     * @param segment the {@code {v}} of {@code /api/{v}/...}
     * @return the version
     * @throws ApiException {@code api.error.api-version.unsupported} naming the version and the range
     */
    static int parse(String segment, String path) {
        int version;
        try {
            version = Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "api.error.api-version.unsupported",
                    "Unsupported API Version \"" + segment + "\". API Request: " + path + ". Reason: the version must be a number from " + MIN + " to " + MAX);
        }
        if (version < MIN) {
            throw new ApiException(400, "api.error.api-version.unsupported",
                    "Unsupported API Version \"" + segment + "\". API Request: " + path + ". Reason: Minimum supported version: " + MIN);
        }
        if (version > MAX) {
            throw new ApiException(400, "api.error.api-version.unsupported",
                    "Unsupported API Version \"" + segment + "\". API Request: " + path + ". Reason: Current version: " + MAX);
        }
        return version;
    }
}

package org.windlass.cluster.internal;

/** Reads the remote execution policy's settings out of the cluster configuration. */
final class RemoteExecutionSettings {

    private RemoteExecutionSettings() {
    }

    /** @return the default profile's allowed members, as the RemoteExecution autotakeover policy uses them */
    static String defaultAllowed(ClusterConfig config) {
        String allowed = config.remoteExecution_config_allowed();
        return allowed == null || allowed.isBlank() ? "Self,Other" : allowed;
    }
}

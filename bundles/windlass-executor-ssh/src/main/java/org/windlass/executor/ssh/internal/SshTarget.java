package org.windlass.executor.ssh.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.windlass.api.Node;
import org.windlass.api.spi.PluginException;

/**
 * The SSH settings of one node, resolved as Rundeck resolves them: the node's attribute, else the
 * project property {@code project.<attribute>}, else the framework setting ({@link SshConfig}).
 *
 * @param project             the project, {@code null} when unknown
 * @param node                the node name
 * @param user                the remote user
 * @param host                the host name or address (no brackets)
 * @param port                the port
 * @param authentication      {@code privateKey} or {@code password}
 * @param keyStoragePath      key storage path of the private key, or {@code null}
 * @param keyPath             private key file on the member, or {@code null}
 * @param passphraseStoragePath key storage path of the key's passphrase, or {@code null}
 * @param passwordStoragePath key storage path of the password, or {@code null}
 * @param hostKeyPolicy       the host key policy
 * @param connectTimeout      connect and authentication limit, zero for none
 * @param commandTimeout      command limit, zero for none
 * @param keepAliveInterval   seconds between keep-alives, 0 for none
 * @param keepAliveCountMax   unanswered keep-alives before giving up
 * @param remoteTmpDir        where copied scripts go on the node
 */
record SshTarget(String project, String node, String user, String host, int port, String authentication,
                 String keyStoragePath, String keyPath, String passphraseStoragePath, String passwordStoragePath,
                 HostKeyPolicy hostKeyPolicy, Duration connectTimeout, Duration commandTimeout,
                 int keepAliveInterval, int keepAliveCountMax, String remoteTmpDir) {

    static final String PASSWORD = "password";
    static final String PRIVATE_KEY = "privateKey";

    /**
     * What makes two commands share a connection: the same node, reached as the same account on
     * the same server, authenticated alike. Nodes are not pooled together even when they name the
     * same server: parallel channels on one connection are capped by the server (OpenSSH's
     * MaxSessions, 10 by default).
     */
    record ConnectionKey(String node, String user, String host, int port, String authentication, String credential,
                         HostKeyPolicy policy, String project) {
    }

    ConnectionKey connectionKey() {
        return new ConnectionKey(node, user, host, port, authentication, credential(), hostKeyPolicy, project);
    }

    /** @return where the credential comes from (a path, never its content) */
    String credential() {
        return PASSWORD.equals(authentication) ? passwordStoragePath
                : keyStoragePath != null ? "storage:" + keyStoragePath : "file:" + keyPath;
    }

    /** @return {@code user@host:port} for messages */
    String address() {
        return user + "@" + hostPort();
    }

    /** @return {@code host:port} ({@code [v6]:port} for IPv6 addresses) */
    String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** @return the node's entry name in known_hosts: {@code host} on port 22, else {@code [host]:port} */
    String knownHostsName() {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** @return what the credentials are, for messages (never their content) */
    String credentialDescription() {
        if (PASSWORD.equals(authentication)) {
            return "password from key storage " + passwordStoragePath;
        }
        return keyStoragePath != null ? "private key from key storage " + keyStoragePath : "private key file " + keyPath;
    }

    /**
     * @throws PluginException ({@code ConfigurationFailure}) naming the node and the setting that is wrong
     */
    static SshTarget resolve(String project, Node node, Map<String, String> projectProperties, SshConfig config)
            throws PluginException {
        Settings s = new Settings(node, projectProperties);
        try {
            String hostname = node.hostname().trim();
            String user = null;
            int at = hostname.lastIndexOf('@');
            if (at > 0) {
                user = hostname.substring(0, at);
                hostname = hostname.substring(at + 1);
            }
            String host;
            int port = 22;
            if (hostname.startsWith("[")) {
                int end = hostname.indexOf(']');
                if (end < 0) {
                    throw new IllegalArgumentException("hostname '" + node.hostname() + "' has '[' without ']'");
                }
                host = hostname.substring(1, end);
                String rest = hostname.substring(end + 1);
                if (rest.startsWith(":")) {
                    port = port(rest.substring(1), node);
                } else if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("hostname '" + node.hostname() + "' has text after ']'");
                }
            } else if (hostname.indexOf(':') >= 0 && hostname.indexOf(':') == hostname.lastIndexOf(':')) {
                host = hostname.substring(0, hostname.indexOf(':'));
                port = port(hostname.substring(hostname.indexOf(':') + 1), node);
            } else {
                host = hostname; // a name, or an IPv6 address without a port
            }
            String configPort = s.get("ssh-config-Port", null);
            if (configPort != null && !configPort.isBlank() && node.hostname().indexOf(':') < 0) {
                port = port(configPort.trim(), node);
            }
            if (host.isBlank()) {
                throw new IllegalArgumentException("hostname '" + node.hostname() + "' names no host");
            }
            if (user == null || user.isBlank()) {
                user = node.username();
            }
            if (user == null || user.isBlank()) {
                user = s.get("ssh-user", null);
            }
            if (user == null || user.isBlank()) {
                user = s.get("ssh-config-User", null);
            }
            if (user == null || user.isBlank()) {
                user = blankToNull(config.defaultUser());
            }
            if (user == null) {
                user = System.getProperty("user.name");
            }
            String auth = s.get("ssh-authentication", config.authentication());
            auth = auth == null ? PRIVATE_KEY : auth.trim();
            if (auth.equalsIgnoreCase(PASSWORD)) {
                auth = PASSWORD;
            } else if (auth.equalsIgnoreCase(PRIVATE_KEY) || auth.equalsIgnoreCase("privatekey") || auth.isEmpty()) {
                auth = PRIVATE_KEY;
            } else {
                throw new IllegalArgumentException("ssh-authentication '" + auth + "' is neither privateKey nor password");
            }
            // per level: the key storage path first, then the key file
            String keyStorage = null;
            String keyPath = null;
            for (int level = 0; level < 3 && keyStorage == null && keyPath == null; level++) {
                keyStorage = blankToNull(s.at(level, "ssh-key-storage-path", config.keyStoragePath()));
                if (keyStorage == null) {
                    keyPath = blankToNull(s.at(level, "ssh-keypath", config.keyPath()));
                }
            }
            if (PRIVATE_KEY.equals(auth) && keyStorage == null && keyPath == null) {
                Path fallback = Path.of(System.getProperty("user.home"), ".ssh", "id_rsa");
                if (!Files.isReadable(fallback)) {
                    throw new IllegalArgumentException("no private key is configured: set ssh-key-storage-path on the node, "
                            + "project.ssh-key-storage-path, or keyStoragePath in " + SshConfig.PID);
                }
                keyPath = fallback.toString();
            }
            String password = blankToNull(s.get("ssh-password-storage-path", config.passwordStoragePath()));
            if (PASSWORD.equals(auth) && password == null) {
                throw new IllegalArgumentException("ssh-authentication is password but no ssh-password-storage-path is set "
                        + "(node attribute, project.ssh-password-storage-path or passwordStoragePath in " + SshConfig.PID + ")");
            }
            String policyText = s.get("ssh-host-key-policy", null);
            HostKeyPolicy policy;
            if (policyText != null) {
                policy = HostKeyPolicy.parse("ssh-host-key-policy", policyText);
            } else if (s.get("ssh-config-StrictHostKeyChecking", null) != null) {
                policy = HostKeyPolicy.parse("ssh-config-StrictHostKeyChecking", s.get("ssh-config-StrictHostKeyChecking", null));
            } else {
                policy = HostKeyPolicy.parse("hostKeyPolicy", config.hostKeyPolicy());
            }
            Duration connect = Durations.parse("ssh-connect-timeout",
                    s.get("ssh-connect-timeout", s.get("ssh-connection-timeout", config.connectTimeout())));
            String configConnect = s.get("ssh-config-ConnectTimeout", null);
            if (configConnect != null && !configConnect.isBlank()) {
                connect = Duration.ofSeconds(integer("ssh-config-ConnectTimeout", configConnect));
            }
            Duration command = Durations.parse("ssh-command-timeout", s.get("ssh-command-timeout", config.commandTimeout()));
            int keepAlive = config.keepAliveInterval();
            String ka = s.get("ssh-config-ServerAliveInterval", null);
            if (ka != null && !ka.isBlank()) {
                keepAlive = integer("ssh-config-ServerAliveInterval", ka);
            }
            int keepAliveMax = config.keepAliveCountMax();
            String kam = s.get("ssh-config-ServerAliveCountMax", null);
            if (kam != null && !kam.isBlank()) {
                keepAliveMax = integer("ssh-config-ServerAliveCountMax", kam);
            }
            String tmp = blankToNull(s.get("file-copy-destination-dir", config.remoteTmpDir()));
            return new SshTarget(project, node.name(), user.trim(), host, port, auth, keyStorage, keyPath,
                    blankToNull(s.get("ssh-key-passphrase-storage-path", config.keyPassphraseStoragePath())),
                    password, policy, connect, command, Math.max(0, keepAlive), Math.max(1, keepAliveMax),
                    tmp == null ? "/tmp" : stripSlash(tmp));
        } catch (IllegalArgumentException e) {
            throw new PluginException("ConfigurationFailure", "node " + node.name() + ": " + e.getMessage(), e);
        }
    }

    private static int port(String text, Node node) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' of hostname '" + node.hostname() + "' is not 1-65535");
        }
    }

    private static int integer(String setting, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " '" + text + "' is not a whole number");
        }
    }

    private static String stripSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Node attribute, then {@code project.<name>}, then the framework value. */
    private record Settings(Node node, Map<String, String> project) {
        String get(String name, String framework) {
            String v = node.attribute(name);
            if (v == null && project != null) {
                v = project.get("project." + name);
            }
            return v == null ? framework : v;
        }

        /** The value at one level: 0 node, 1 project, 2 framework. */
        String at(int level, String name, String framework) {
            return switch (level) {
                case 0 -> node.attribute(name);
                case 1 -> project == null ? null : project.get("project." + name);
                default -> framework;
            };
        }
    }

    @Override
    public String toString() {
        return "node " + node + " (" + address() + ", " + authentication.toLowerCase(Locale.ROOT) + ")";
    }
}

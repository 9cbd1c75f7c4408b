package org.windlass.executor.ssh.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the {@code ssh} node executor and file copier (PID {@value #PID}): the framework
 * level of Rundeck's SSH settings. A node attribute overrides the project property
 * {@code project.<name>}, which overrides these.
 */
@ObjectClassDefinition(name = "Windlass SSH executor",
        description = "Runs commands and copies scripts on remote nodes over SSH (Apache MINA sshd)")
public @interface SshConfig {

    /** The configuration PID shared by the SSH components. */
    String PID = "org.windlass.executor.ssh";

    @AttributeDefinition(description = "Remote user when neither the node (username, ssh-user) nor the project "
            + "(project.ssh-user) names one. Empty: the user the member runs as.")
    String defaultUser() default "";

    @AttributeDefinition(description = "ssh-authentication: privateKey or password")
    String authentication() default "privateKey";

    @AttributeDefinition(description = "ssh-key-storage-path: key storage path of the private key (keys/...)")
    String keyStoragePath() default "";

    @AttributeDefinition(description = "ssh-keypath: a private key file on the member, used when no key storage "
            + "path applies. Empty: ~/.ssh/id_rsa of the member's user, when it exists.")
    String keyPath() default "";

    @AttributeDefinition(description = "ssh-key-passphrase-storage-path: key storage path of the private key's passphrase")
    String keyPassphraseStoragePath() default "";

    @AttributeDefinition(description = "ssh-password-storage-path: key storage path of the password (password authentication)")
    String passwordStoragePath() default "";

    @AttributeDefinition(description = "Host key policy: strict (the key must be in the project's known_hosts), "
            + "accept-new (unknown hosts are added, changed keys are refused) or off (no check)")
    String hostKeyPolicy() default "accept-new";

    @AttributeDefinition(description = "ssh-connect-timeout: how long connecting and authenticating may take "
            + "(milliseconds, or a duration such as 30s); 0 = no limit")
    String connectTimeout() default "30s";

    @AttributeDefinition(description = "ssh-command-timeout: how long a command may run (milliseconds or a duration); 0 = no limit")
    String commandTimeout() default "0";

    @AttributeDefinition(description = "Keep-alive: seconds between keep-alive requests on an idle connection "
            + "(ssh-config-ServerAliveInterval); 0 = none")
    int keepAliveInterval() default 15;

    @AttributeDefinition(description = "Keep-alive requests without an answer before the connection is given up "
            + "(ssh-config-ServerAliveCountMax)")
    int keepAliveCountMax() default 3;

    @AttributeDefinition(description = "Directory on the node for copied scripts (file-copy-destination-dir)")
    String remoteTmpDir() default "/tmp";

    @AttributeDefinition(description = "Key exchanges offered to nodes, in order of preference (OpenSSH names). "
            + "The default leaves out the post-quantum hybrids (sntrup761x25519-sha512@openssh.com, "
            + "mlkem768x25519-sha256): their pure-Java implementation costs tens of milliseconds of CPU per "
            + "connection, which caps a wide fan-out; add them in front where nodes require them")
    String kexAlgorithms() default "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
            + "ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
            + "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";

    @AttributeDefinition(description = "I/O threads shared by every SSH connection of the member")
    int ioThreads() default 4;

    @AttributeDefinition(description = "Threads for file copies (SFTP/SCP), shared by every execution")
    int copyThreads() default 8;
}

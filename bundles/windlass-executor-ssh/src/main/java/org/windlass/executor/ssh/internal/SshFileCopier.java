package org.windlass.executor.ssh.internal;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.Node;
import org.windlass.api.spi.FileCopier;
import org.windlass.api.spi.WindlassPlugin;

/**
 * The {@code ssh} file copier: copies a script to the node over SFTP, or SCP where the server has
 * no SFTP subsystem, into {@code file-copy-destination-dir} (default {@code /tmp}) as
 * {@code wl-<execution>-<random>-<name>}, created exclusively and made {@code rwx------} before
 * any content is written. Removal uses SFTP, else {@code rm -f}.
 */
@Component(service = FileCopier.class)
@WindlassPlugin(type = FileCopier.TYPE, name = "ssh")
public class SshFileCopier implements FileCopier {

    private final SshConnector connector;

    @Activate
    public SshFileCopier(@Reference SshConnector connector) {
        this.connector = connector;
    }

    @Override
    public CompletableFuture<String> copy(long executionId, Node node, Path source, String remotePath) {
        return connector.copy(null, executionId, node, source, remotePath);
    }

    @Override
    public CompletableFuture<Void> remove(long executionId, Node node, String remotePath) {
        return connector.remove(null, executionId, node, remotePath);
    }

    @Override
    public CompletableFuture<String> copy(String project, long executionId, Node node, Path source, String remotePath) {
        return connector.copy(project, executionId, node, source, remotePath);
    }

    @Override
    public CompletableFuture<Void> remove(String project, long executionId, Node node, String remotePath) {
        return connector.remove(project, executionId, node, remotePath);
    }

    @Override
    public void executionEnded(long executionId) {
        connector.release(executionId);
    }
}

package org.windlass.executor.ssh.internal;

import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.windlass.api.spi.NodeExecutor;
import org.windlass.api.spi.OutputSink;
import org.windlass.api.spi.WindlassPlugin;

/**
 * The {@code ssh} node executor: runs a command on a remote node over SSH (see {@link SshConnector}
 * for connections, authentication and host keys). The command's arguments are single-quoted for
 * the remote shell; the {@code RD_*} environment is sent as SSH environment requests, which the
 * server passes on only for names its {@code AcceptEnv} allows (as with Rundeck). The future
 * completes with the exit status; a command killed by a signal, a lost connection, a timeout or a
 * refused connection completes it exceptionally with a message naming the node and the reason.
 */
@Component(service = NodeExecutor.class)
@WindlassPlugin(type = NodeExecutor.TYPE, name = "ssh")
public class SshNodeExecutor implements NodeExecutor {

    private final SshConnector connector;

    @Activate
    public SshNodeExecutor(@Reference SshConnector connector) {
        this.connector = connector;
    }

    @Override
    public CompletableFuture<Integer> execute(Request request, OutputSink output) {
        return connector.execute(request, output);
    }

    @Override
    public void executionEnded(long executionId) {
        connector.release(executionId);
    }
}

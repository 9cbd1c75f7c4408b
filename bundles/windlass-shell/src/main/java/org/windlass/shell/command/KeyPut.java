package org.windlass.shell.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyStorage;
import org.windlass.shell.command.completers.KeyPathCompleter;
import org.windlass.api.storage.KeyType;

@Service
@Command(scope = "windlass", name = "key-put",
        description = "Stores a private key, public key or password in key storage, from a file or typed without echo")
public class KeyPut implements Action {

    @Reference(optional = true)
    KeyStorage keys;

    @Reference
    Session session;

    @Option(name = "-t", aliases = "--type", description = "private, public or password (default: password)")
    String type = "password";

    @Option(name = "-f", aliases = "--file", description = "Read the content from this file on the member")
    @Completion(FileCompleter.class)
    String file;

    @Argument(index = 0, name = "path", description = "The key path, keys/...", required = true)
    @Completion(KeyPathCompleter.class)
    String path;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() throws Exception {
        ShellAccess.storage(acl, path, "create");
        Storage.require(keys, "key storage");
        KeyType kind = KeyType.fromRundeckName(type);
        byte[] content;
        if (file != null) {
            content = Files.readAllBytes(Path.of(file));
        } else {
            String typed = session.readLine(kind == KeyType.PASSWORD ? "Password: " : "Content: ", '*');
            content = typed == null ? new byte[0] : typed.getBytes(StandardCharsets.UTF_8);
        }
        try {
            KeyInfo info = keys.info(path).isPresent() ? keys.update(path, kind, content) : keys.create(path, kind, content);
            System.out.println("Stored " + info.path() + " (" + info.type().rundeckName() + ", " + info.size() + " bytes)");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
        return null;
    }
}

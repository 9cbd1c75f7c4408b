package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyNotFoundException;
import org.windlass.api.storage.KeyStorage;
import org.windlass.shell.command.completers.KeyPathCompleter;

@Service
@Command(scope = "windlass", name = "key-info", description = "Shows a key storage entry's metadata (never its secret content)")
public class KeyInfoCommand implements Action {

    @Reference(optional = true)
    KeyStorage keys;

    @Argument(index = 0, name = "path", description = "The key path", required = true)
    @Completion(KeyPathCompleter.class)
    String path;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.storage(acl, path, "read");
        Storage.require(keys, "key storage");
        KeyInfo k = keys.info(path).orElseThrow(() -> new KeyNotFoundException(path));
        System.out.println("Path:     " + k.path());
        System.out.println("Type:     " + k.type().rundeckName() + " (" + k.type().contentType() + ")");
        System.out.println("Size:     " + k.size());
        System.out.println("Created:  " + k.created());
        System.out.println("Modified: " + k.modified());
        return null;
    }
}

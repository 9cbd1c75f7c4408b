package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.storage.KeyStorage;
import org.windlass.shell.command.completers.KeyPathCompleter;

@Service
@Command(scope = "windlass", name = "key-delete", description = "Deletes a key storage entry")
public class KeyDelete implements Action {

    @Reference(optional = true)
    KeyStorage keys;

    @Argument(index = 0, name = "path", description = "The key path", required = true)
    @Completion(KeyPathCompleter.class)
    String path;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.storage(acl, path, "delete");
        Storage.require(keys, "key storage");
        keys.delete(path);
        System.out.println("Deleted " + path);
        return null;
    }
}

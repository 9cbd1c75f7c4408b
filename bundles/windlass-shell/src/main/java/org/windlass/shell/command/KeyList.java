package org.windlass.shell.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyListing;
import org.windlass.api.storage.KeyStorage;
import org.windlass.shell.command.completers.KeyPathCompleter;

@Service
@Command(scope = "windlass", name = "key-list", description = "Lists a key storage directory (never any secret content)")
public class KeyList implements Action {

    @Reference(optional = true)
    KeyStorage keys;

    @Argument(index = 0, name = "path", description = "The directory (default keys)")
    @Completion(KeyPathCompleter.class)
    String path = "keys";

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.storage(acl, path, "read");
        Storage.require(keys, "key storage");
        KeyListing listing = keys.list(path);
        ShellTable table = new ShellTable();
        table.column("Path");
        table.column("Type");
        table.column("Size");
        table.column("Modified");
        for (String dir : listing.directories()) {
            table.addRow().addContent(dir + "/", "directory", "", "");
        }
        for (KeyInfo k : listing.keys()) {
            table.addRow().addContent(k.path(), k.type().rundeckName(), k.size(), k.modified().toString());
        }
        table.print(System.out);
        return null;
    }
}

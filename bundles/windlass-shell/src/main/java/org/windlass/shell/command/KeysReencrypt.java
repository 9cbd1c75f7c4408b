package org.windlass.shell.command;

import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.windlass.api.storage.MasterKeyRotation;

@Service
@Command(scope = "windlass", name = "keys-reencrypt",
        description = "Generates a new master key and re-encrypts every key storage entry under it, in one transaction")
public class KeysReencrypt implements Action {

    @Reference(optional = true)
    MasterKeyRotation rotation;

    @Option(name = "--key-file", description = "Where to write the new master key (default: this member's master key file)")
    String keyFile;

    @Reference(optional = true)
    org.windlass.api.security.AclService acl;

    @Override
    public Object execute() {
        ShellAccess.system(acl, "admin");
        Storage.require(rotation, "key storage");
        MasterKeyRotation.Result r = rotation.reencrypt(keyFile == null ? null : Path.of(keyFile));
        System.out.println("Re-encrypted " + r.count() + " entries from master key " + r.oldKeyId() + " to " + r.newKeyId() + ".");
        System.out.println("The new master key is in " + r.newKeyFile() + ": install it on every other member of the cluster.");
        return null;
    }
}

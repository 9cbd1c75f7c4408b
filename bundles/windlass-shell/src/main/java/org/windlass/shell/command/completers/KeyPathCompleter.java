package org.windlass.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.windlass.api.storage.KeyInfo;
import org.windlass.api.storage.KeyListing;
import org.windlass.api.storage.KeyStorage;

/** Completes key storage paths, one directory level at a time. */
@Service
public class KeyPathCompleter implements Completer {

    @Reference(optional = true)
    KeyStorage keys;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        if (keys == null) {
            return -1;
        }
        String word = commandLine.getCursorArgument() == null ? "" : commandLine.getCursorArgument()
                .substring(0, commandLine.getArgumentPosition());
        int slash = word.lastIndexOf('/');
        String dir = slash < 0 ? "keys" : word.substring(0, slash);
        StringsCompleter delegate = new StringsCompleter();
        try {
            KeyListing listing = keys.list(dir);
            listing.directories().forEach(d -> delegate.getStrings().add(d + "/"));
            for (KeyInfo k : listing.keys()) {
                delegate.getStrings().add(k.path());
            }
        } catch (RuntimeException e) {
            // not a valid directory yet, or the database is away: no candidates
        }
        return delegate.complete(session, commandLine, candidates);
    }
}

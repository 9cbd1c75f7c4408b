package org.windlass.shell.command;

/** Fails a command clearly when a service that needs the cluster database is not up. */
final class Storage {

    private Storage() {
    }

    /** @param what names the service in the message ("key storage") */
    static void require(Object service, String what) {
        if (service == null) {
            throw new IllegalStateException(what + " is not available: the cluster database cannot be reached or its schema is being updated");
        }
    }
}

package org.windlass.shell.command;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.ZoneId;

import org.windlass.api.Execution;
import org.windlass.api.LogEvent;
import org.windlass.api.execution.ExecutionService;
import org.windlass.api.spi.LogStore;

/** Prints an execution's log as it grows, until it ends. */
final class Follow {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final long POLL_MILLIS = 250;

    private Follow() {
    }

    /**
     * @return the execution as it ended
     * @throws InterruptedException when the user interrupts (Ctrl-C); the execution goes on
     */
    static Execution follow(ExecutionService executions, long id, boolean quiet, PrintStream out) throws InterruptedException {
        long offset = 0;
        while (true) {
            LogStore.Slice slice = executions.output(id, offset, 1000);
            for (LogEvent e : slice.events()) {
                if (quiet) {
                    out.println(e.message());
                } else {
                    out.println(TIME.format(e.time()) + " " + (e.node() == null ? "-" : e.node()) + " "
                            + (e.stepContext() == null ? "-" : e.stepContext()) + " " + e.level() + " " + e.message());
                }
            }
            offset = slice.nextOffset();
            Execution ex = executions.get(id).orElseThrow();
            if (slice.complete() || (ex.state().isTerminal() && slice.events().isEmpty())) {
                if (ex.state().isTerminal()) {
                    return ex;
                }
            }
            if (slice.events().isEmpty()) {
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** Ends the command with the execution's result: an error unless it succeeded. */
    static Object result(Execution e) {
        if (e.state() != org.windlass.api.ExecutionState.SUCCEEDED) {
            throw new IllegalStateException("execution " + e.id() + " " + e.state().apiName()
                    + (e.reason() == null ? "" : ": " + e.reason()));
        }
        return null;
    }
}

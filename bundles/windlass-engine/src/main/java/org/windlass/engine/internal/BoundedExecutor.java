package org.windlass.engine.internal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs at most {@code limit} tasks at once on reused threads; further tasks wait in order. Unlike
 * a fixed pool it starts a thread only when no idle one is there, so a member running a few
 * executions at a time keeps a few threads.
 */
final class BoundedExecutor {

    private final ExecutorService threads;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int running;
    private int limit;
    private boolean shutdown;

    BoundedExecutor(int limit, ThreadFactory factory) {
        this.limit = Math.max(1, limit);
        this.threads = Executors.newCachedThreadPool(factory);
    }

    synchronized void setLimit(int limit) {
        this.limit = Math.max(1, limit);
        while (running < this.limit && !waiting.isEmpty()) {
            start(waiting.poll());
        }
    }

    /** @throws RejectedExecutionException after {@link #shutdown} */
    synchronized void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the engine is stopping");
        }
        if (running < limit) {
            start(task);
        } else {
            waiting.add(task);
        }
    }

    private void start(Runnable first) {
        running++;
        threads.execute(() -> {
            Runnable task = first;
            while (task != null) {
                try {
                    task.run();
                } finally {
                    task = next();
                }
            }
        });
    }

    private synchronized Runnable next() {
        Runnable task = running <= limit ? waiting.poll() : null;
        if (task == null) {
            running--;
        }
        return task;
    }

    /** @return whether a task given now would start at once */
    synchronized boolean hasFreeSlot() {
        return running < limit && waiting.isEmpty();
    }

    /** Takes a task out of the waiting line; @return whether it was waiting (it will not run) */
    synchronized boolean cancelWaiting(Runnable task) {
        return waiting.remove(task);
    }

    synchronized int waiting() {
        return waiting.size();
    }

    void shutdown() {
        synchronized (this) {
            shutdown = true;
        }
        threads.shutdown();
    }

    boolean awaitTermination(long time, TimeUnit unit) throws InterruptedException {
        return threads.awaitTermination(time, unit);
    }
}

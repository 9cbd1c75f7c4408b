package org.windlass.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BoundedExecutorTest {

    @Test
    void runsAtMostTheLimitAtOnceAndTheRestInOrderAfterwards() throws Exception {
        BoundedExecutor ex = new BoundedExecutor(2, Thread::new);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoRunning = new CountDownLatch(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(10);
        Set<String> threads = Collections.synchronizedSet(new HashSet<>());
        for (int i = 0; i < 10; i++) {
            ex.execute(() -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                threads.add(Thread.currentThread().getName());
                twoRunning.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                all.countDown();
            });
        }
        assertTrue(twoRunning.await(10, TimeUnit.SECONDS));
        assertEquals(8, ex.waiting(), "the other tasks wait");
        release.countDown();
        assertTrue(all.await(10, TimeUnit.SECONDS));
        assertEquals(2, peak.get());
        assertTrue(threads.size() <= 2, "waiting tasks reuse the running threads: " + threads);
        ex.shutdown();
        assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> { }));
        assertTrue(ex.awaitTermination(10, TimeUnit.SECONDS));
    }
}

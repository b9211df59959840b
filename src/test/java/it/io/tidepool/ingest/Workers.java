package it.io.tidepool.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Threads that run loops of a test side by side (senders, readers) until each loop ends by itself. */
final class Workers {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Future<?>> running = new ArrayList<>();

    /** Starts {@code count} threads running {@code loop}. */
    Workers start(int count, Runnable loop) {
        for (int i = 0; i < count; i++) {
            running.add(pool.submit(loop));
        }
        return this;
    }

    /** Waits for every loop to end; a failure inside one fails the test. */
    void await(long seconds) throws Exception {
        try {
            for (Future<?> loop : running) {
                loop.get(seconds, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.tidepool.query.control;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Starts {@link Deadline}s on one dedicated managed thread. Cancels must never wait for a free
 * thread: a managed scheduled executor runs its tasks on Liberty's shared pool, which is exactly
 * what is exhausted when every request thread is blocked in a long query (measured: with 20 slow
 * queries and 10 more waiting, no cancel ran for minutes).
 */
@ApplicationScoped
public class DeadlineTimer {

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    private ScheduledThreadPoolExecutor timer;

    @PostConstruct
    void start() {
        timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = threads.newThread(runnable);
            thread.setName("tidepool-deadlines");
            return thread;
        });
        // Most deadlines are closed long before they expire; drop them from the queue at once.
        timer.setRemoveOnCancelPolicy(true);
    }

    public Deadline start(Duration budget) {
        return new Deadline(budget, timer).arm();
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}

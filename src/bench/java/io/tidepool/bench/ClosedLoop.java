package io.tidepool.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load: N workers each send a request, wait for the whole answer, and send the
 * next, for a fixed time after a warm-up. Latency is measured per request; throughput is the
 * requests started in the measured window over the time from its start to the last one's answer
 * (so slow queries that run past the window are neither lost nor credited with time they did not
 * take). Failed requests are counted, not timed.
 */
final class ClosedLoop {

    /** One request; returns normally when the answer was complete and correct. */
    @FunctionalInterface
    interface Request {
        void run(int worker) throws Exception;
    }

    private ClosedLoop() {
    }

    static Stats run(int workers, double warmupSeconds, double measureSeconds, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            long end = warmupEnd + (long) (measureSeconds * 1e9);
            AtomicLong errors = new AtomicLong();
            AtomicLong lastAnswer = new AtomicLong(end);
            List<Future<long[]>> results = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                results.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (true) {
                        long started = System.nanoTime();
                        if (started >= end) {
                            break;
                        }
                        try {
                            request.run(worker);
                        } catch (Exception e) {
                            if (started >= warmupEnd) {
                                errors.incrementAndGet();
                            }
                            continue;
                        }
                        if (started >= warmupEnd) {
                            if (n == latencies.length) {
                                latencies = java.util.Arrays.copyOf(latencies, n * 2);
                            }
                            long answered = System.nanoTime();
                            latencies[n++] = answered - started;
                            lastAnswer.accumulateAndGet(answered, Math::max);
                        }
                    }
                    return java.util.Arrays.copyOf(latencies, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] part = result.get();
                long[] merged = java.util.Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            return Stats.of(all, all.length, (lastAnswer.get() - warmupEnd) / 1e9, errors.get());
        } finally {
            pool.shutdownNow();
        }
    }
}

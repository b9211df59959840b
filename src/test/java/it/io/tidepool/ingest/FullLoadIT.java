package it.io.tidepool.ingest;

import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static it.io.tidepool.ingest.OtlpClient.loadRequest;
import static it.io.tidepool.ingest.OtlpClient.post;
import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.query;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;


import org.junit.jupiter.api.Test;

import it.io.tidepool.ingest.OtlpClient.Answer;
import it.io.tidepool.support.Reply;

/**
 * Ingest at full speed while 20 readers run heavy queries (issue 10): senders post 1,000-span
 * requests back to back for {@code it.full-load.seconds} (60 by default) while every reader runs the
 * p99 class and full scans over the whole span table. Every acknowledged span is stored exactly once,
 * and readers see no answer but 200 and the documented 503 with Retry-After (the execution slots send
 * a reader away rather than let it starve the writer or time out).
 */
class FullLoadIT {

    private static final int READERS = 20;
    private static final int SENDERS = 4;
    private static final int SPANS_PER_REQUEST = 1000;
    private static final long SECONDS = Long.getLong("it.full-load.seconds", 60);
    private static final String SERVICE = "it-full-load-" + Long.toString(System.nanoTime(), 36);
    private static final List<String> HEAVY = List.of("""
            SELECT quantile_cont(duration_ns, 0.99) AS p99_ns FROM otel_spans_local WHERE service_name = 'payments'""", """
            SELECT service_name, count(*) AS requests, avg(duration_ns) AS avg_ns
            FROM otel_spans_local GROUP BY service_name ORDER BY service_name""", """
            SELECT count(DISTINCT trace_id) AS traces, count(*) FILTER (WHERE is_error) AS errors, max(duration_ns) AS slowest_ns
            FROM otel_spans_local""");

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong sendRefusals = new AtomicLong();
    private final Map<Integer, AtomicInteger> readStatuses = new ConcurrentHashMap<>();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile long stopAt;

    @Test
    void everyAcknowledgedSpanIsStoredOnceWhileTwentyReadersRunHeavyQueries() throws Exception {
        stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        AtomicInteger readerIds = new AtomicInteger();
        new Workers().start(SENDERS, this::send).start(READERS, () -> read(readerIds.getAndIncrement()))
                .await(SECONDS + 120);

        System.out.printf("FULL LOAD %d s: %d senders had %d spans acknowledged (%.0f spans/s; %d requests refused with "
                + "503); %d readers got %s%n", SECONDS, SENDERS, acknowledged.get(), acknowledged.get() / (double) SECONDS,
                sendRefusals.get(), READERS, new TreeMap<>(readStatuses));
        assertTrue(failures.isEmpty(), () -> failures.size() + " answers other than 200 or 503, first: " + failures.peek());
        assertTrue(acknowledged.get() > 100_000, "ingest made progress: " + acknowledged.get());
        assertTrue(readStatuses.getOrDefault(200, new AtomicInteger()).get() > READERS, "readers were served: " + readStatuses);
        StoredSpans.assertExactlyOnce(SERVICE, acknowledged.get());
    }

    private void send() {
        while (System.nanoTime() < stopAt) {
            Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, loadRequest(SERVICE, SPANS_PER_REQUEST));
            if (answer.status() == 200) {
                acknowledged.addAndGet(SPANS_PER_REQUEST);
            } else if (answer.status() == 503 && answer.retryAfter() != null) {
                sendRefusals.incrementAndGet();
            } else {
                failures.add("send: " + answer);
            }
        }
    }

    private void read(int reader) {
        int next = reader;
        while (System.nanoTime() < stopAt) {
            Reply reply = query(HEAVY.get(next++ % HEAVY.size()));
            readStatuses.computeIfAbsent(reply.status(), status -> new AtomicInteger()).incrementAndGet();
            boolean served = reply.status() == 200 && !reply.json().containsKey("error");
            boolean sentAway = reply.status() == 503 && reply.header("Retry-After") != null;
            if (!served && !sentAway) {
                failures.add("read: " + reply);
            }
        }
    }
}

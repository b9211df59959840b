package it.io.tidepool.ingest;

import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static it.io.tidepool.ingest.OtlpClient.loadRequest;
import static it.io.tidepool.ingest.OtlpClient.post;
import static it.io.tidepool.ingest.OtlpClient.serverSpan;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.rows;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.trace.v1.Span;
import it.io.tidepool.ingest.OtlpClient.Answer;
import it.io.tidepool.support.Reply;

/**
 * Reads and writes coexist: 20 readers run the seed's queries and every helper endpoint while
 * senders push OTLP for {@code it.coexistence.seconds} (60 by default). No read may fail except
 * with the documented 503; every acknowledged span is stored exactly once; a request's aggregates
 * come from one snapshot; freshness (send to visible) is measured and printed.
 */
class CoexistenceIT {

    private static final int READERS = 20;
    private static final int SENDERS = 3;
    private static final int SPANS_PER_REQUEST = 50;
    private static final long SECONDS = Long.getLong("it.coexistence.seconds", 60);
    private static final String SERVICE = "it-coexist-" + Long.toString(System.nanoTime(), 36);

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong reads503 = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final Queue<Long> freshnessMillis = new ConcurrentLinkedQueue<>();
    private final Queue<Long> ackMillis = new ConcurrentLinkedQueue<>();
    private final AtomicLong visibleAtFirstRead = new AtomicLong();
    private volatile long stopAt;

    @Test
    void twentyReadersAndContinuousSendersCoexist() throws Exception {
        stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        AtomicInteger readerIds = new AtomicInteger();
        new Workers().start(SENDERS, this::send).start(1, this::probeFreshness)
                .start(READERS, () -> read(readerIds.getAndIncrement())).await(SECONDS + 120);

        List<Long> freshness = sorted(freshnessMillis);
        List<Long> acks = sorted(ackMillis);
        System.out.printf("COEXISTENCE %d s: %d readers made %d reads (%d answered 503); %d senders had %d spans acknowledged "
                + "(%d requests refused with 503); freshness send->visible p50 %d ms, p99 %d ms, max %d ms over %d probes "
                + "(ack p50 %d ms, p99 %d ms); visible at the first read after the ack: %d of %d%n", SECONDS, READERS,
                reads.get(), reads503.get(), SENDERS, acknowledged.get(), refused.get(), percentile(freshness, 0.5),
                percentile(freshness, 0.99), freshness.get(freshness.size() - 1), freshness.size(), percentile(acks, 0.5),
                percentile(acks, 0.99), visibleAtFirstRead.get(), freshness.size());

        assertTrue(failures.isEmpty(), () -> failures.size() + " failed reads or writes, first: " + failures.peek());
        assertTrue(reads.get() > READERS * 10L, "readers made progress: " + reads.get());
        assertTrue(acknowledged.get() > 1000, "senders made progress: " + acknowledged.get());
        assertEquals(freshness.size(), visibleAtFirstRead.get(), "an acknowledged span is visible to the next read");
        assertTrue(percentile(freshness, 0.99) < 5_000, "p99 freshness well inside the seed's 5 s bound");
        StoredSpans.assertExactlyOnce(SERVICE, acknowledged.get() + freshness.size());
    }

    private void send() {
        while (System.nanoTime() < stopAt) {
            Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, loadRequest(SERVICE, SPANS_PER_REQUEST));
            if (answer.status() == 200) {
                acknowledged.addAndGet(SPANS_PER_REQUEST);
            } else if (answer.status() == 503 && answer.retryAfter() != null) {
                refused.incrementAndGet();
                sleep(200);
            } else {
                failures.add("send: " + answer);
                sleep(200);
            }
        }
    }

    /** One span at a time: time from sending to visible in a read, and whether the first read after the ack sees it. */
    private void probeFreshness() {
        while (System.nanoTime() < stopAt) {
            Span.Builder span = serverSpan("GET /probe", 1);
            String spanId = HexFormat.of().formatHex(span.getSpanId().toByteArray());
            long sent = System.nanoTime();
            Answer answer = post(otlp("/v1/traces"), PROTOBUF, null, OtlpClient.traces(SERVICE, span).toByteArray());
            if (answer.status() != 200) {
                failures.add("probe send: " + answer);
                sleep(200);
                continue;
            }
            long acked = System.nanoTime();
            boolean first = true;
            while (true) {
                Reply reply = query("SELECT count(*) AS n FROM otel_spans_local WHERE span_id = '" + spanId + "'");
                if (reply.status() == 200 && !reply.json().containsKey("error")
                        && reply.json().getJsonArray("rows").getJsonObject(0).getInt("n") == 1) {
                    freshnessMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                    ackMillis.add(TimeUnit.NANOSECONDS.toMillis(acked - sent));
                    if (first) {
                        visibleAtFirstRead.incrementAndGet();
                    }
                    break;
                }
                if (reply.status() != 200 && reply.status() != 503) {
                    failures.add("probe read: " + reply);
                    break;
                }
                // A read refused with 503 saw nothing: the next one is still the first to look.
                first = reply.status() == 503 && first;
                sleep(20);
            }
            sleep(200);
        }
    }

    private void read(int reader) {
        List<Supplier<Reply>> seedReads = List.of(
                () -> query("""
                        SELECT service_name, count(*) AS requests, quantile_cont(duration_ns, 0.99) AS p99
                        FROM otel_spans_local WHERE start_time > now() - INTERVAL '5 minutes' AND span_kind = 'SERVER'
                        GROUP BY service_name"""),
                () -> get(sdk("/metrics/percentile?service=payments&metric=duration&p=0.99")),
                () -> get(sdk("/metrics/percentile?service=checkout&metric=http.server.request.duration&p=0.95")),
                () -> get(sdk("/metrics/error-rate?service=payments&window=5m")),
                () -> get(sdk("/traces/query?service=checkout&minDuration=100ms&timeRange=5m&limit=20")),
                () -> get(sdk("/system/cpu")),
                () -> get(sdk("/system/memory")),
                () -> get(sdk("/health")),
                this::twoAggregatesOfOneSnapshot);
        int next = reader;
        while (System.nanoTime() < stopAt) {
            Reply reply = seedReads.get(next++ % seedReads.size()).get();
            reads.incrementAndGet();
            if (reply.status() == 503 && reply.header("Retry-After") != null) {
                reads503.incrementAndGet();
            } else if (reply.status() != 200 || reply.body().contains("\"error\"")) {
                failures.add("read: " + reply);
            }
        }
    }

    /** Two scans of the rows being written, in one statement: they must agree. */
    private Reply twoAggregatesOfOneSnapshot() {
        Reply reply = query("""
                SELECT (SELECT count(*) FROM otel_spans_local WHERE service_name = '%1$s') AS a,
                       (SELECT count(*) FILTER (WHERE is_error) + count(*) FILTER (WHERE NOT is_error)
                          FROM otel_spans_local WHERE service_name = '%1$s') AS b""".formatted(SERVICE));
        if (reply.status() == 200 && !reply.json().containsKey("error")) {
            JsonObject row = reply.json().getJsonArray("rows").getJsonObject(0);
            if (row.getJsonNumber("a").longValue() != row.getJsonNumber("b").longValue()) {
                failures.add("two aggregates of one request disagree: " + row);
            }
        }
        return reply;
    }

    private static List<Long> sorted(Queue<Long> values) {
        List<Long> list = new ArrayList<>(values);
        Collections.sort(list);
        if (list.isEmpty()) {
            throw new AssertionError("no freshness probe completed");
        }
        return list;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

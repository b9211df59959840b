package it.io.tidepool.ingest;

import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static it.io.tidepool.ingest.OtlpClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import it.io.tidepool.ingest.OtlpClient.Answer;
import it.io.tidepool.support.Reply;

/**
 * What needs a server of its own: a short retention under steady ingest (the file stays bounded),
 * a small write queue flooded by senders (503 with Retry-After, readiness DOWN, then UP again), and
 * a SIGKILL of the JVM while senders are acknowledged (after restart every acknowledged span is
 * there, exactly once).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashAndRetentionIT {

    private static final int QUEUE_ROWS = 5_000;
    private static final Duration RETENTION = Duration.ofSeconds(6);
    /** Spans of the tests that count what was stored are dated an hour ahead, out of the short retention's reach. */
    private static final long AHEAD_NANOS = TimeUnit.HOURS.toNanos(1);
    private static SecondServer server;

    @BeforeAll
    static void startSecondServer() throws Exception {
        server = new SecondServer(Map.of(
                "tidepool.ingest.retention", "6s",
                "tidepool.ingest.retention-interval", "2s",
                "tidepool.ingest.queue-capacity", Integer.toString(QUEUE_ROWS),
                "tidepool.ingest.host-interval", "2s",
                // The stuck test holds a reader open across a retention run: the writer then waits
                // up to 10 s for it, and counts as stuck after 4 s.
                "tidepool.ingest.checkpoint-wait", "10s",
                "tidepool.ingest.stuck-after", "4s",
                "tidepool.query.timeout.sql", "12s",
                "tidepool.demo.enabled", "false"));
        server.start();
    }

    @AfterAll
    static void stopSecondServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ExportTraceServiceRequest batch(String service, String batchId, int spans) {
        return OtlpClient.batch(service, batchId, spans, 0);
    }

    private static ExportTraceServiceRequest batch(String service, String batchId, int spans, long shiftNanos) {
        return OtlpClient.batch(service, batchId, spans, shiftNanos);
    }

    private static JsonArray rows(String sql) {
        Reply reply = server.query(sql);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json().getJsonArray("rows");
    }

    @Test
    @Order(1)
    void underSteadyIngestWithShortRetentionTheFileStaysBounded() throws Exception {
        String service = "it-retention";
        long seconds = 48;
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicInteger batches = new AtomicInteger();
        AtomicLong written = new AtomicLong();
        Workers work = new Workers().start(2, () -> {
            while (System.nanoTime() < stopAt) {
                int status = post(server.otlp("/v1/traces"), PROTOBUF, null,
                        batch(service, "r" + batches.incrementAndGet(), 500).toByteArray()).status();
                assertTrue(status == 200 || status == 503, "send answered " + status);
                if (status == 200) {
                    written.addAndGet(500);
                }
            }
        }).start(2, () -> {
            while (System.nanoTime() < stopAt) {
                rows("SELECT count(*) AS n, quantile_cont(duration_ns, 0.99) AS p99 FROM otel_spans_local "
                        + "WHERE start_time > now() - INTERVAL '1 minute'");
            }
        });
        List<Long> sizes = new ArrayList<>();
        List<Long> writtenRows = new ArrayList<>();
        while (System.nanoTime() < stopAt) {
            Thread.sleep(1_000);
            sizes.add(Files.size(server.dbFile()) + walSize());
            writtenRows.add(written.get());
        }
        work.await(60);
        JsonObject window = rows("SELECT count(*) AS n, epoch(now() - min(start_time)) AS oldest_s FROM otel_spans_local").getJsonObject(0);
        // Bytes per row at 6 s, before the first delete can have taken effect: without reclaimed
        // space the file keeps that ratio to every row ever written (measured outside: 3.7 -> 88 MB at
        // a constant row count). Bounded, the file holds about one retention window of 48 s of rows.
        double bytesPerRow = (double) sizes.get(5) / writtenRows.get(5);
        long unbounded = Math.round(bytesPerRow * written.get());
        long last = sizes.subList(2 * sizes.size() / 3, sizes.size()).stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("RETENTION %d s of ingest (%d spans acknowledged), retention %d s: %.0f bytes per row at 6 s, "
                + "so %.1f MB if nothing were reclaimed; file+WAL max %.1f MB in the last third; %d rows kept, oldest %.1f s; "
                + "sizes %s%n", seconds, written.get(), RETENTION.toSeconds(), bytesPerRow, unbounded / 1e6, last / 1e6,
                window.getJsonNumber("n").longValue(), window.getJsonNumber("oldest_s").doubleValue(), sizes);
        assertTrue(window.getJsonNumber("oldest_s").doubleValue() < RETENTION.toSeconds() + 2 + 5,
                "rows older than the retention (plus one interval) are gone: " + window);
        assertTrue(writtenRows.get(5) > 5_000, "enough rows at 6 s to measure bytes per row: " + writtenRows);
        assertTrue(last < unbounded / 2, "file size bounded: " + last + " B at the end, " + unbounded + " B without reclaiming");
        String metrics = server.body(server.management("/metrics?scope=application"));
        assertTrue(metrics.contains("tidepool_ingest_retention_deleted_rows_total{mp_scope=\"application\",table=\"otel_spans_local\""),
                metrics);
    }

    private static long walSize() throws java.io.IOException {
        java.nio.file.Path wal = server.dbFile().resolveSibling("agent.db.wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    @Test
    @Order(2)
    void aFullQueueRefusesWithRetryAfterAndReadinessGoesDown() throws Exception {
        String service = "it-backpressure";
        long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger batchIds = new AtomicInteger();
        Workers senders = new Workers().start(8, () -> {
            while (System.nanoTime() < stopAt) {
                String id = "b" + batchIds.incrementAndGet();
                Answer answer = post(server.otlp("/v1/traces"), PROTOBUF, null, batch(service, id, 2_000, AHEAD_NANOS).toByteArray());
                statuses.computeIfAbsent(answer.status(), k -> new AtomicInteger()).incrementAndGet();
                if (answer.status() == 200) {
                    acknowledged.add(id);
                } else if (answer.status() != 503 || !"1".equals(answer.retryAfter())
                        || !answer.rpcStatus().getMessage().startsWith("the write queue holds")) {
                    problems.add(answer.toString());
                }
            }
        });
        int down = 0;
        String downBody = null;
        while (System.nanoTime() < stopAt) {
            if (server.status(server.management("/health/ready")) == 503) {
                down++;
                downBody = server.body(server.management("/health/ready"));
            }
            Thread.sleep(100);
        }
        senders.await(60);
        long upDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.status(server.management("/health/ready")) != 200 && System.nanoTime() < upDeadline) {
            Thread.sleep(200);
        }
        System.out.printf("BACKPRESSURE statuses %s, readiness DOWN in %d probes: %s%n", statuses, down, downBody);
        assertTrue(problems.isEmpty(), () -> "unexpected answers: " + problems);
        assertTrue(statuses.getOrDefault(503, new AtomicInteger()).get() > 0, "the queue refused some requests: " + statuses);
        assertTrue(statuses.getOrDefault(200, new AtomicInteger()).get() > 0, "and accepted others: " + statuses);
        assertTrue(down > 0, "readiness went DOWN while the queue was full");
        assertTrue(downBody == null || downBody.contains("\"write_queue_full\":true") || downBody.contains("write queue"), downBody);
        assertEquals(200, server.status(server.management("/health/ready")), "ready again once the queue drained");
        Map<String, Long> stored = server.storedBatches(service);
        for (String id : acknowledged) {
            assertEquals(2_000L, stored.getOrDefault(id, 0L), "acknowledged batch " + id + " is stored whole");
        }
        assertEquals(acknowledged, stored.keySet(), "refused batches left nothing behind");
    }

    @Test
    @Order(3)
    void aWriterHeldUpPastItsThresholdMakesReadinessDown() throws Exception {
        // Rows a minute old, so that the next retention run (every 2 s) deletes something and then
        // waits for the read snapshots older than its commit, such as the long query below.
        ExportTraceServiceRequest aged = batch("it-stuck", "s1", 10, -TimeUnit.MINUTES.toNanos(1));
        AtomicInteger slowStatus = new AtomicInteger();
        Workers slowReader = new Workers().start(1, () -> slowStatus.set(server.query(
                "SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3").status()));
        // The aged rows must arrive after the reader's snapshot is open, or retention deletes them
        // without waiting for it: wait until the reader holds its query slot (a sleep raced under load).
        long readerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.body(server.management("/health/ready")).contains("\"query_slots_in_use\":1")
                && System.nanoTime() < readerDeadline) {
            Thread.sleep(50);
        }
        assertEquals(200, post(server.otlp("/v1/traces"), PROTOBUF, null, aged.toByteArray()).status());
        String stuckBody = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(14);
        while (stuckBody == null && System.nanoTime() < deadline) {
            String body = server.body(server.management("/health/ready"));
            if (body.contains("\"writer_stuck\":true")) {
                stuckBody = body;
            }
            Thread.sleep(200);
        }
        slowReader.await(60);
        System.out.printf("STUCK readiness while the writer waited: %s; the long read ended with %d%n", stuckBody, slowStatus.get());
        assertTrue(stuckBody != null && stuckBody.contains("\"status\":\"DOWN\""), "readiness DOWN with writer_stuck: " + stuckBody);
        assertEquals(504, slowStatus.get(), "the long read ran into its deadline");
        long upDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.status(server.management("/health/ready")) != 200 && System.nanoTime() < upDeadline) {
            Thread.sleep(200);
        }
        assertEquals(200, server.status(server.management("/health/ready")), "ready again once the writer moved on");
    }

    @Test
    @Order(4)
    void acknowledgedSpansSurviveSigkillOfTheJvm() throws Exception {
        String service = "it-crash";
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger batchIds = new AtomicInteger();
        Workers senders = new Workers().start(3, () -> {
            while (!killed.get()) {
                String id = "c" + batchIds.incrementAndGet();
                try {
                    if (post(server.otlp("/v1/traces"), PROTOBUF, null, batch(service, id, 100, AHEAD_NANOS).toByteArray()).status() == 200) {
                        acknowledged.add(id);
                    }
                } catch (UncheckedIOException e) {
                    return;
                }
            }
        });
        Thread.sleep(6_000);
        server.kill();
        int atKill = acknowledged.size();
        killed.set(true);
        senders.await(60);
        long walAtKill = walSize();
        long restartStarted = System.nanoTime();
        server.start();
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted);
        List<String> startLog = Files.readAllLines(server.logs().resolve("messages.log"));

        Map<String, Long> stored = server.storedBatches(service);
        long missing = acknowledged.stream().filter(id -> stored.getOrDefault(id, 0L) != 100L).count();
        System.out.printf("DURABILITY SIGKILL after %d acknowledged batches (%d spans), write-ahead log %d bytes; after restart "
                + "(%d ms to ready) %d batches stored, %d acknowledged batches missing or partial%n", atKill, atKill * 100L, walAtKill,
                restartMillis, stored.size(), missing);
        assertTrue(atKill > 10, "senders were acknowledged before the kill: " + atKill);
        assertEquals(0, missing, "no acknowledged span is lost");
        assertTrue(stored.values().stream().allMatch(n -> n == 100L), "every batch is whole and stored once: " + stored);
        if (walAtKill > 0) {
            assertTrue(startLog.stream().anyMatch(line -> line.contains("The database was not closed cleanly at the last stop: "
                    + "DuckDB replays its write-ahead log") && line.contains("(" + walAtKill + " bytes)")),
                    "the start after the kill says it replays the write-ahead log");
        }
    }
}

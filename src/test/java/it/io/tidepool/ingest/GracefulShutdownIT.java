package it.io.tidepool.ingest;

import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static it.io.tidepool.ingest.OtlpClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import it.io.tidepool.ingest.OtlpClient.Answer;
import it.io.tidepool.scripts.ScriptsApi;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * SIGTERM of the server's JVM, as a container runtime stops it, while senders are acknowledged,
 * readers query, one query runs far longer than the stop may take, and a script runs: the JVM
 * exits within a bound, nothing acknowledged is lost, the long query is cancelled with an answer,
 * the script is recorded as interrupted, the database is closed without a write-ahead log, and the
 * next start is clean.
 */
class GracefulShutdownIT {

    /** Kubernetes' default terminationGracePeriodSeconds is 30: the stop must fit well inside it. */
    private static final Duration EXIT_BOUND = Duration.ofSeconds(25);
    /** tidepool.query.shutdown-grace (its default), then the cancel, the final commit and the checkpoint. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final long AHEAD_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final String SERVICE = "it-sigterm";
    private static final String EVENT = "it_sigterm_probe";
    private static SecondServer server;
    private static ScriptsApi scripts;

    @BeforeAll
    static void startSecondServer() throws Exception {
        server = new SecondServer(Map.of(
                "tidepool.demo.enabled", "false",
                // Without the stop sequence, Liberty's quiesce waits for the long query's whole deadline.
                "tidepool.query.timeout.sql", "60s",
                // No retention run (whose checkpoint empties the write-ahead log) during the test.
                "tidepool.ingest.retention-interval", "1h",
                "tidepool.scripts.deno-path", System.getProperty("it.deno.path"),
                "tidepool.security.keystore-path", TidepoolServer.KEYSTORE.toAbsolutePath().toString()));
        server.start();
        scripts = new ScriptsApi(path -> URI.create("https://127.0.0.1:" + server.adminPort + path));
    }

    /** Set once the server's JVM has exited after the SIGTERM: the callers stop. */
    private final AtomicBoolean gone = new AtomicBoolean();
    private final AtomicLong terminatedAt = new AtomicLong();
    private final Map<String, AtomicInteger> afterSigterm = new ConcurrentHashMap<>();
    private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

    @AfterAll
    static void stopSecondServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static ExportTraceServiceRequest batch(String batchId, int spans) {
        return OtlpClient.batch(SERVICE, batchId, spans, AHEAD_NANOS);
    }

    @Test
    void sigtermDuringIngestQueriesAndAScriptStopsCleanlyWithinTheBound() throws Exception {
        scripts.create("sleeper", """
                console.log("started");
                await new Promise((r) => setTimeout(r, 600_000));
                """, null);
        String runId = scripts.start("sleeper");
        awaitRunning(runId);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger batchIds = new AtomicInteger();
        Workers senders = keepCalling("send", 3, () -> {
            String id = "t" + batchIds.incrementAndGet();
            Answer answer = post(server.otlp("/v1/traces"), PROTOBUF, null, batch(id, 100).toByteArray());
            if (answer.status() == 200) {
                acknowledged.add(id);
            }
            return new Outcome(answer.status(), answer.status() == 200 || answer.status() == 503 && answer.retryAfter() != null,
                    answer.toString());
        });
        Workers readers = keepCalling("read", 2, () -> {
            Reply reply = server.query("SELECT count(*) AS n FROM otel_spans_local WHERE service_name = '" + SERVICE + "'");
            return new Outcome(reply.status(), reply.status() == 200 || shuttingDown(reply), reply.toString());
        });
        AtomicInteger acknowledgedEvents = new AtomicInteger();
        Workers emitter = keepCalling("emit", 1, () -> {
            Reply reply = TidepoolServer.postJson(server.sdk("/emit"), "{\"name\": \"" + EVENT + "\"}");
            if (reply.status() == 200) {
                acknowledgedEvents.incrementAndGet();
            }
            return new Outcome(reply.status(), reply.status() == 200 || shuttingDown(reply), reply.toString());
        });
        AtomicReference<Reply> longReply = new AtomicReference<>();
        AtomicLong longEndedAfterSigterm = new AtomicLong(-1);
        Workers longReader = new Workers().start(1, () -> {
            try {
                longReply.set(server.query("SELECT count(*) FROM range(100000000000) t(x) WHERE x % 7 = 3"));
            } catch (UncheckedIOException e) {
                unexpected.add("long read: " + e);
            }
            longEndedAfterSigterm.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - terminatedAt.get()));
        });
        Thread.sleep(6_000);
        Path wal = server.dbFile().resolveSibling("agent.db.wal");
        long walBefore = Files.exists(wal) ? Files.size(wal) : -1;
        int acknowledgedBefore = acknowledged.size();

        terminatedAt.set(System.nanoTime());
        Duration exit = server.terminate(Duration.ofSeconds(120));
        gone.set(true);
        senders.await(60);
        readers.await(60);
        emitter.await(60);
        longReader.await(60);
        List<String> stopLog = Files.readAllLines(server.logs().resolve("messages.log"));
        boolean walAfter = Files.exists(wal);

        long restartStarted = System.nanoTime();
        server.start();
        long restartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted);
        Map<String, Long> stored = server.storedBatches(SERVICE);
        long missing = acknowledged.stream().filter(id -> stored.getOrDefault(id, 0L) != 100L).count();
        long storedEvents = server.query("SELECT count(*) AS n FROM script_events WHERE name = '" + EVENT + "'").json()
                .getJsonArray("rows").getJsonObject(0).getJsonNumber("n").longValue();
        JsonObject run = scripts.run(runId);
        List<String> startLog = Files.readAllLines(server.logs().resolve("messages.log"));

        System.out.printf("SIGTERM JVM exited %d ms after SIGTERM; write-ahead log %d bytes before, %s after; %d batches "
                + "acknowledged before SIGTERM, %d in all; after SIGTERM %s; the long query ended %d ms after SIGTERM with %s; "
                + "restart %d ms to ready, %d batches stored, %d acknowledged missing or partial; run %s%n", exit.toMillis(), walBefore,
                walAfter ? "present" : "gone", acknowledgedBefore, acknowledged.size(), afterSigterm, longEndedAfterSigterm.get(),
                longReply.get(), restartMillis, stored.size(), missing, run);
        stopLog.stream().filter(line -> line.contains("io.tidepool") && !line.contains("RESTEASY")
                || line.contains("CWWKE1100I") || line.contains("CWWKE1101I") || line.contains("CWWKE1102W")
                || line.contains("CWWKZ0009I") || line.contains("CWWKE0036I")).forEach(line -> System.out.println("SIGTERM log " + line));

        assertTrue(unexpected.isEmpty(), () -> "only 200, 503 with Retry-After (shutting_down for reads and events), or a "
                + "refused connection: " + unexpected);
        assertTrue(acknowledgedBefore > 10, "senders were acknowledged before SIGTERM: " + acknowledgedBefore);
        assertTrue(walBefore > 0, "there was a write-ahead log to checkpoint before SIGTERM: " + walBefore);
        assertTrue(exit.compareTo(EXIT_BOUND) < 0, "the JVM exited within " + EXIT_BOUND + " of SIGTERM: " + exit);
        assertEquals(503, longReply.get().status(), () -> "the long query was cancelled with an answer: " + longReply.get());
        assertEquals("shutting_down", errorCode(longReply.get()), longReply.get()::toString);
        assertTrue(longEndedAfterSigterm.get() < GRACE.plusSeconds(10).toMillis(),
                "the long query ended soon after the grace: " + longEndedAfterSigterm.get() + " ms after SIGTERM");
        assertTrue(stopLog.stream().anyMatch(line -> line.contains("Tidepool is stopping because the JVM is exiting")),
                "the stop is logged (the JDK's logging reset no longer swallows it)");
        assertTrue(stopLog.stream().anyMatch(line -> line.contains("Tidepool writer stopped: every queued batch was committed")),
                "the writer's final commit and checkpoint are logged");
        assertFalse(walAfter, "a clean close leaves no write-ahead log");
        assertEquals(0, missing, "no acknowledged span is lost");
        assertTrue(acknowledgedEvents.get() > 0, "events were acknowledged");
        assertTrue(storedEvents >= acknowledgedEvents.get(), "no acknowledged event is lost: " + storedEvents + " stored, "
                + acknowledgedEvents.get() + " acknowledged");
        assertTrue(stored.values().stream().allMatch(n -> n == 100L), "every batch is whole and stored once: " + stored);
        assertEquals("interrupted", run.getString("outcome"), run::toString);
        assertEquals("the server stopped while the script ran", run.getString("message"));
        assertTrue(startLog.stream().noneMatch(line -> line.contains("was not closed cleanly")),
                "the next start finds nothing to replay");
        assertEquals(200, server.status(server.management("/health/ready")), "ready after the restart");
    }

    /** One call's answer: its status, whether the call may answer so around a SIGTERM, and how to show it. */
    private record Outcome(int status, boolean expected, String shown) {
    }

    /**
     * Threads that repeat {@code call} until the server is gone: an unexpected answer (or a refused connection before
     * the SIGTERM) is recorded, and every answer after the SIGTERM is counted by kind and status.
     */
    private Workers keepCalling(String kind, int threads, Supplier<Outcome> call) {
        return new Workers().start(threads, () -> {
            while (!gone.get()) {
                boolean late = terminatedAt.get() != 0;
                try {
                    Outcome outcome = call.get();
                    if (!outcome.expected()) {
                        unexpected.add(kind + " " + outcome.shown());
                    }
                    if (late) {
                        afterSigterm.computeIfAbsent(kind + " " + outcome.status(), k -> new AtomicInteger()).incrementAndGet();
                    }
                } catch (UncheckedIOException e) {
                    if (!late) {
                        unexpected.add(kind + " before SIGTERM: " + e);
                    }
                    afterSigterm.computeIfAbsent(kind + " refused", k -> new AtomicInteger()).incrementAndGet();
                    return;
                }
            }
        });
    }

    private static boolean shuttingDown(Reply reply) {
        return reply.status() == 503 && "shutting_down".equals(errorCode(reply));
    }

    private static void awaitRunning(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!scripts.run(runId).getString("state").equals("running")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " did not start: " + scripts.run(runId));
            }
            Thread.sleep(100);
        }
    }

    /** The error code of a Tidepool error body, or null for anything else (such as a page from Liberty). */
    private static String errorCode(Reply reply) {
        try {
            return reply.errorCode();
        } catch (RuntimeException notTidepoolsError) {
            return null;
        }
    }
}

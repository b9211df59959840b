package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.firstRow;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/**
 * Timeouts, saturation and concurrency against the running server, which the build starts with a
 * 5 s SQL timeout and a 2 s wait for a free query slot.
 */
class LimitsIT {

    private static final Duration SQL_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough to outlast the timeout many times over; cancellable at any point. */
    private static final String SLOW_SQL = "SELECT sum(hash(range)) AS h FROM range(100000000000)";

    @Test
    void aSlowQueryIsCancelledAtItsDeadlineAndFreesItsConnection() {
        long started = System.nanoTime();
        Reply reply = query(SLOW_SQL);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(504, reply.status(), reply::toString);
        assertEquals("timeout", reply.errorCode());
        assertTrue(elapsed.compareTo(SQL_TIMEOUT.plusSeconds(1)) <= 0, "answered after " + elapsed);
        assertTrue(elapsed.compareTo(SQL_TIMEOUT) >= 0, "answered before the deadline: " + elapsed);
        // The connection went back to the pool, clean: the pool is healthy and the next query works.
        JsonObject health = get(sdk("/health")).json();
        assertEquals("ok", health.getString("status"));
        assertEquals(1, firstRow("SELECT 1 AS one").getInt("one"));
        // And DuckDB is really no longer running it: no query is in progress.
        assertEquals(0, firstRow("SELECT count(*) AS n FROM duckdb_temporary_files()").getInt("n"));
    }

    @Test
    void aSaturatedServerAnswers503WithRetryAfterNotAHang() throws Exception {
        // 30 slow queries for 20 slots: 20 run until their deadline, the rest wait 2 s and get 503.
        ExecutorService clients = Executors.newFixedThreadPool(30);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                replies.add(clients.submit(() -> query(SLOW_SQL)));
            }
            int timeouts = 0;
            int overloaded = 0;
            for (Future<Reply> future : replies) {
                Reply reply = future.get(30, TimeUnit.SECONDS);
                if (reply.status() == 503) {
                    overloaded++;
                    assertEquals("overloaded", reply.errorCode());
                    assertNotNull(reply.header("Retry-After"));
                } else {
                    assertEquals(504, reply.status(), reply::toString);
                    timeouts++;
                }
            }
            assertTrue(overloaded >= 10, "at least the 10 beyond the 20 slots are refused: " + overloaded);
            assertTrue(timeouts <= 20, "at most 20 queries run at once: " + timeouts);
        } finally {
            clients.shutdownNow();
        }
        assertEquals("ok", get(sdk("/health")).json().getString("status"));
    }

    @Test
    void fortyConcurrentClientsGetOnly200OrDocumented503() throws Exception {
        String[] mix = {
            "/db/query:SELECT service_name, count(*) AS n FROM otel_spans_local WHERE start_time > now() - INTERVAL '5 minutes' GROUP BY ALL",
            "/db/query:SELECT quantile_cont(duration_ns, 0.99) AS p99 FROM otel_spans_local WHERE service_name = 'payments'",
            "/db/query:SELECT * FROM otel_spans_local ORDER BY start_time DESC LIMIT 100",
            "/metrics/percentile?service=payments&p=0.99",
            "/metrics/error-rate?service=checkout&window=5m",
            "/traces/query?service=shipping&minDuration=100ms&limit=20",
            "/system/cpu",
            "/system/memory",
            "/health"};
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < 40; c++) {
                int client = c;
                workers.add(clients.submit(() -> {
                    int i = client;
                    while (System.nanoTime() < deadline) {
                        String request = mix[i++ % mix.length];
                        Reply reply = request.startsWith("/db/query:") ? query(request.substring("/db/query:".length()))
                                : get(sdk(request));
                        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (reply.status() == 503) {
                            assertEquals("overloaded", reply.errorCode());
                            assertNotNull(reply.header("Retry-After"));
                        } else {
                            assertEquals(200, reply.status(), () -> request + " -> " + reply);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 503), statuses::toString);
        assertTrue(statuses.get(200).get() > 200, "served " + statuses);
    }

    @Test
    void eachRequestSeesOneSnapshot() {
        // Demo traffic commits continuously; two counts over the same rows in one request must agree.
        for (int i = 0; i < 100; i++) {
            JsonObject row = firstRow("""
                    SELECT (SELECT count(*) FROM otel_spans_local) AS a,
                           (SELECT count(*) FROM otel_spans_local WHERE span_id IS NOT NULL) AS b""");
            assertEquals(row.getJsonNumber("a").longValue(), row.getJsonNumber("b").longValue(), row::toString);
        }
    }
}

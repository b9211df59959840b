package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deadline against a real DuckDB (in-process, the server's driver): whenever the budget runs
 * out — long before execution, just before it, or while it runs — a statement that would run for
 * seconds ends within a bounded time. With the driver's cancel alone, a cancel that came an instant
 * before execution started was lost and the query ran to completion.
 */
class DeadlineCancelsDuckDbTest {

    /** About 8 s of work on one thread here; each case below must end far sooner. */
    private static final String LONG_QUERY = "SELECT count(*) FROM range(2000000000) t(i) WHERE hash(i) % 7 = 3";
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static Connection db;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @BeforeAll
    static void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:;threads=1;jdbc_stream_results=false");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private long runUnder(Duration budget, long spentBeforeMillis) throws Exception {
        Deadline deadline = new Deadline(budget, timer).arm();
        try (PreparedStatement statement = db.prepareStatement(LONG_QUERY)) {
            Thread.sleep(spentBeforeMillis);
            long started = System.nanoTime();
            assertThrows(SQLException.class, () -> deadline.run(statement, () -> {
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }));
            return System.nanoTime() - started;
        } finally {
            deadline.close();
        }
    }

    @Test
    void aBudgetSpentBeforeExecutionStartsNothing() throws Exception {
        long took = runUnder(Duration.ofMillis(2), 5);

        assertTrue(took < TimeUnit.MILLISECONDS.toNanos(100), "refused at once, took " + took / 1_000_000 + " ms");
    }

    @Test
    void aBudgetThatRunsOutAroundTheStartOfExecutionStillEndsIt() throws Exception {
        // Budgets from 0 to 6 ms put the expiry before, at and just after the start of execution.
        for (int micros = 0; micros <= 6_000; micros += 250) {
            long took = runUnder(Duration.ofNanos(micros * 1_000L), 0);
            assertTrue(took < BOUND_NANOS, "budget " + micros + " us: the query ran " + took / 1_000_000 + " ms");
        }
    }

    @Test
    void aRunningStatementIsCancelledAtItsDeadline() throws Exception {
        long took = runUnder(Duration.ofMillis(300), 0);

        assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(250) && took < BOUND_NANOS, "took " + took / 1_000_000 + " ms");
    }
}

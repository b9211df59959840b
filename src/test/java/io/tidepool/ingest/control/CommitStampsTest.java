package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.tidepool.storage.Schema;

class CommitStampsTest {

    @Test
    void resumesAboveTheLargestStoredStampEvenWhenTheClockIsBehindIt() throws Exception {
        long future = System.currentTimeMillis() * 1_000L + 3_600_000_000L;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = db.createStatement()) {
            for (String ddl : Schema.DDL) {
                statement.execute(ddl);
            }
            statement.execute("INSERT INTO script_events (timestamp, name, severity, commit_stamp) VALUES (now(), 'x', 'info', " + future + ")");
            CommitStamps stamps = new CommitStamps();
            stamps.resume(db);
            assertEquals(future + 1, stamps.next());
            assertEquals(future + 2, stamps.next());
        }
    }

    @Test
    void anEmptyDatabaseStartsAtTheClockAndStampsOnlyGrow() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = db.createStatement()) {
            for (String ddl : Schema.DDL) {
                statement.execute(ddl);
            }
            CommitStamps stamps = new CommitStamps();
            stamps.resume(db);
            long before = System.currentTimeMillis() * 1_000L;
            long first = stamps.next();
            assertTrue(first >= before, first + " >= " + before);
            long previous = first;
            for (int i = 0; i < 1000; i++) {
                long next = stamps.next();
                assertTrue(next > previous);
                previous = next;
            }
        }
    }
}

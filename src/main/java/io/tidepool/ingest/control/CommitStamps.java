package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.tidepool.storage.Schema;

/**
 * The stamp each commit writes into {@link Schema#COMMIT_STAMP}: strictly greater than every stamp
 * before it, across restarts. It is at least the wall clock in microseconds, so even after
 * retention has deleted every stamped row a restart cannot hand out a stamp the exporter has already
 * passed; and at least one more than the largest stamp in the file, so a clock set back cannot
 * either. Only the writer thread calls {@link #next}; commits are serial there, so a snapshot that
 * holds a stamp holds every smaller one.
 */
final class CommitStamps {

    private long last;

    /** Continues after the largest stamp stored in the telemetry tables. */
    void resume(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT greatest(0");
        for (String table : Schema.TABLES) {
            // Table names are the schema's constants, never input.
            sql.append(", (SELECT coalesce(max(").append(Schema.COMMIT_STAMP).append("), 0) FROM ").append(table).append(')');
        }
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql.append(')').toString())) {
            result.next();
            last = Math.max(last, result.getLong(1));
        }
    }

    long next() {
        long now = Math.multiplyExact(System.currentTimeMillis(), 1_000L);
        last = Math.max(last + 1, now);
        return last;
    }

    long last() {
        return last;
    }
}

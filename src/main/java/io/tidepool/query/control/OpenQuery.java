package io.tidepool.query.control;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;

/**
 * A query that has produced its result set and now streams it as the seed's JSON shape:
 * {@code {"columns":[...],"rows":[{...}],"count":n,"truncated":bool}}. Rows are read from DuckDB
 * as they are written, so the row cap (and the byte cap) also bound memory: a query whose result
 * has a hundred million rows stops being computed after the first rows past the cap.
 *
 * <p>A failure after the first byte (a deadline, a runtime error in a later row) can no longer
 * change the status, so it ends the document with {@code "truncated":true} and an {@code "error"}
 * member instead.
 */
public final class OpenQuery implements AutoCloseable {

    /** Bytes gathered before a write to the socket: large enough for few syscalls, small enough for an early first byte. */
    private static final int FLUSH_BYTES = 32 * 1024;

    private final SnapshotLease lease;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final QueryLimits limits;
    private final QueryMetrics metrics;
    private final SlowQueryLog slowQueries;
    private final Caller caller;
    private final String sql;
    private final long startedNanos;
    private boolean closed;

    OpenQuery(SnapshotLease lease, PreparedStatement statement, ResultSet rows, QueryLimits limits, QueryMetrics metrics,
            SlowQueryLog slowQueries, Caller caller, String sql, long startedNanos) {
        this.lease = lease;
        this.statement = statement;
        this.rows = rows;
        this.limits = limits;
        this.metrics = metrics;
        this.slowQueries = slowQueries;
        this.caller = caller;
        this.sql = sql;
        this.startedNanos = startedNanos;
    }

    public void writeJson(OutputStream out) throws IOException {
        long count = 0;
        String truncatedBy = null;
        ApiException failure = null;
        JsonBuffer buffer = new JsonBuffer(FLUSH_BYTES * 2);
        long sent = 0;
        try {
            ResultSetMetaData meta = rows.getMetaData();
            int columns = meta.getColumnCount();
            ColumnWriter[] writers = new ColumnWriter[columns];
            byte[][] keys = new byte[columns][];
            buffer.raw("{\"columns\":[");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < columns; i++) {
                String name = uniqueName(meta.getColumnLabel(i + 1), seen);
                String type = meta.getColumnTypeName(i + 1);
                writers[i] = ColumnWriter.forType(type);
                keys[i] = new JsonBuffer(name.length() + 4).raw(i == 0 ? '{' : ',').string(name).raw(':').toByteArray();
                if (i > 0) {
                    buffer.raw(',');
                }
                buffer.raw("{\"name\":").string(name).raw(",\"type\":").string(type).raw('}');
            }
            buffer.raw("],\"rows\":[");
            int maxRows = limits.maxRows();
            long maxBytes = limits.maxResponseBytes();
            while (true) {
                if (lease.deadline().expired()) {
                    failure = QueryFailure.timeout(lease.deadline());
                    break;
                }
                if (count == maxRows) {
                    truncatedBy = rows.next() ? "rows" : null;
                    break;
                }
                if (!rows.next()) {
                    break;
                }
                int rowStart = buffer.size();
                if (count > 0) {
                    buffer.raw(',');
                }
                for (int i = 0; i < columns; i++) {
                    buffer.raw(keys[i]);
                    writers[i].write(rows, i + 1, buffer);
                }
                buffer.raw(columns == 0 ? "{}" : "}");
                if (sent + buffer.size() > maxBytes) {
                    buffer.truncate(rowStart);
                    truncatedBy = "bytes";
                    break;
                }
                count++;
                if (buffer.size() >= FLUSH_BYTES) {
                    buffer.writeTo(out);
                    sent += buffer.size();
                    buffer.reset();
                    out.flush();
                }
            }
        } catch (SQLException e) {
            failure = QueryFailure.ofCallerSql(e, lease.deadline());
        }
        boolean truncated = truncatedBy != null || failure != null;
        buffer.raw("],\"count\":").number(count).raw(",\"truncated\":").bool(truncated);
        if (failure != null) {
            buffer.raw(",\"error\":{\"code\":").string(failure.code()).raw(",\"message\":").string(failure.getMessage()).raw('}');
        }
        buffer.raw('}');
        try {
            buffer.writeTo(out);
            out.flush();
        } finally {
            finish(count, truncatedBy, failure);
        }
    }

    private void finish(long count, String truncatedBy, ApiException failure) {
        close();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        metrics.rows(SqlQueries.ENDPOINT, count);
        if (truncatedBy != null) {
            metrics.truncated(truncatedBy);
        }
        if (failure != null && "timeout".equals(failure.code())) {
            metrics.timeout(SqlQueries.ENDPOINT);
        }
        String outcome = failure != null ? failure.code() : truncatedBy != null ? "truncated by " + truncatedBy : "complete";
        slowQueries.record(SqlQueries.ENDPOINT, caller, sql, elapsed, count, outcome);
    }

    /** Rows are objects keyed by column name, so a repeated name gets a suffix rather than overwrite a value. */
    private static String uniqueName(String name, Set<String> seen) {
        String unique = name;
        for (int n = 2; !seen.add(unique); n++) {
            unique = name + "_" + n;
        }
        return unique;
    }

    /** Stops the query and returns everything it holds; safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            rows.close();
        } catch (SQLException ignored) {
            // Closing a cancelled or failed stream can fail; the statement and lease still close.
        }
        try {
            statement.close();
        } catch (SQLException ignored) {
            // As above.
        }
        lease.close();
    }
}

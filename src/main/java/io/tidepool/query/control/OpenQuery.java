package io.tidepool.query.control;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;

/**
 * A query whose (capped) result DuckDB has computed, now written to the client in a
 * {@link ResultFormat}. Rows are encoded as they are read from the driver, so the Java heap holds a
 * block of output at a time whatever the answer's size; the byte cap ends the answer early.
 *
 * <p>A failure after the first byte (the deadline passing while a slow client reads, a value the
 * driver cannot convert) can no longer change the status; the format reports it in its summary
 * (CSV in trailers).
 */
public final class OpenQuery implements AutoCloseable {

    /** Bytes gathered before a write to the socket: large enough for few syscalls, small enough for an early first byte. */
    private static final int FLUSH_BYTES = 32 * 1024;

    private final SnapshotLease lease;
    private final LeasedStatement statement;
    private final ResultSet rows;
    private final int maxRows;
    private final QueryLimits limits;
    private final QueryMetrics metrics;
    private final SlowQueryLog slowQueries;
    private final Caller caller;
    private final String sql;
    private final long startedNanos;
    private boolean closed;

    OpenQuery(SnapshotLease lease, LeasedStatement statement, ResultSet rows, int maxRows, QueryLimits limits,
            QueryMetrics metrics, SlowQueryLog slowQueries, Caller caller, String sql, long startedNanos) {
        this.lease = lease;
        this.statement = statement;
        this.rows = rows;
        this.maxRows = maxRows;
        this.limits = limits;
        this.metrics = metrics;
        this.slowQueries = slowQueries;
        this.caller = caller;
        this.sql = sql;
        this.startedNanos = startedNanos;
    }

    /**
     * Writes the rows in {@code format} and closes the query, in blocks of {@value #FLUSH_BYTES}
     * bytes: a small answer leaves in one write with its summary (flushing a first row on its own
     * cost about 1 ms a request, measured). A format whose summary goes in trailers flushes its first
     * row at once: only a body already sent in chunks can end with trailers. The result is computed
     * already, so the deadline is checked where a request can still spend time, after each write to
     * a client that may be reading slowly.
     */
    public StreamSummary write(ResultFormat format, OutputStream out) throws IOException {
        long count = 0;
        String truncatedBy = null;
        ApiException failure = null;
        TextBuffer buffer = new TextBuffer(FLUSH_BYTES * 2);
        long sent = 0;
        RowEncoder encoder = null;
        try {
            encoder = format.encoder(ResultColumns.of(rows.getMetaData()));
            encoder.begin(buffer);
            long maxBytes = limits.maxResponseBytes();
            while (true) {
                if (count == maxRows) {
                    truncatedBy = rows.next() ? "rows" : null;
                    break;
                }
                if (!rows.next()) {
                    break;
                }
                int rowStart = buffer.size();
                encoder.row(rows, count, buffer);
                if (sent + buffer.size() > maxBytes) {
                    buffer.truncate(rowStart);
                    truncatedBy = "bytes";
                    break;
                }
                count++;
                if (buffer.size() >= FLUSH_BYTES || (sent == 0 && format.summaryInTrailers())) {
                    buffer.writeTo(out);
                    sent += buffer.size();
                    buffer.reset();
                    out.flush();
                    if (lease.deadline().expired()) {
                        failure = QueryFailure.timeout(lease.deadline());
                        break;
                    }
                }
            }
        } catch (SQLException e) {
            failure = QueryFailure.ofCallerSql(e, lease.deadline());
        }
        StreamSummary summary = new StreamSummary(count, truncatedBy, failure);
        if (encoder != null) {
            encoder.end(summary, buffer);
        }
        try {
            buffer.writeTo(out);
            out.flush();
        } finally {
            finish(count, truncatedBy, failure);
        }
        return summary;
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

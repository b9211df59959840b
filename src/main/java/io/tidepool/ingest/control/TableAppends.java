package io.tidepool.ingest.control;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import io.tidepool.ingest.entity.HttpMetricRecord;
import io.tidepool.ingest.entity.ScriptEventRecord;
import io.tidepool.ingest.entity.SpanRecord;
import io.tidepool.ingest.entity.SystemMetricRecord;
import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.storage.Schema;

/**
 * Rows go in through DuckDB's Appender, which fills the engine's column vectors directly: no SQL
 * to parse or plan, no arrays to bind and unnest (profiled: binding the column arrays and the
 * statement were most of the writer's time). It needs the driver's own connection class, which
 * Liberty's pooled connections never unwrap to, hence the writer's connection opened from the
 * driver ({@link WriterConnection}). Appended rows belong to the connection's open transaction:
 * readers see them only at its commit. Columns are appended in the order of {@link Schema}'s DDL;
 * timestamps as epoch microseconds (the database runs in UTC); the commit's stamp last, in
 * {@link Schema#COMMIT_STAMP}.
 */
final class TableAppends {

    private TableAppends() {
    }

    /** Appends every row of {@code group}, table by table, each stamped with {@code stamp}. */
    static void append(DuckDBConnection connection, List<WriteBatch> group, long stamp) throws SQLException {
        appendAll(connection, Schema.SPANS, rows(group, WriteBatch::spans), TableAppends::span, stamp);
        appendAll(connection, Schema.HTTP_METRICS, rows(group, WriteBatch::httpMetrics), TableAppends::httpMetric, stamp);
        appendAll(connection, Schema.SYSTEM_METRICS, rows(group, WriteBatch::systemMetrics), TableAppends::systemMetric, stamp);
        appendAll(connection, Schema.SCRIPT_EVENTS, rows(group, WriteBatch::scriptEvents), TableAppends::scriptEvent, stamp);
    }

    private static <R> List<R> rows(List<WriteBatch> group, Function<WriteBatch, List<R>> table) {
        return group.stream().flatMap(batch -> table.apply(batch).stream()).toList();
    }

    private static <R> void appendAll(DuckDBConnection connection, String table, List<R> rows, RowAppend<R> append,
            long stamp) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (DuckDBAppender appender = connection.createAppender(table)) {
            for (R row : rows) {
                appender.beginRow();
                append.columns(appender, row);
                appender.append(stamp);
                appender.endRow();
            }
        }
    }

    /** Appends the columns of one row, in the order of the table's DDL. */
    @FunctionalInterface
    private interface RowAppend<R> {
        void columns(DuckDBAppender appender, R row) throws SQLException;
    }

    private static void span(DuckDBAppender appender, SpanRecord span) throws SQLException {
        appender.append(span.traceId()).append(span.spanId()).append(span.parentSpanId())
                .append(span.serviceName()).append(span.spanName()).append(span.spanKind())
                .appendEpochMicros(micros(span.startEpochNanos())).appendEpochMicros(micros(span.endEpochNanos()))
                .append(span.durationNanos()).append(span.error()).append(span.statusCode())
                .append(span.httpMethod()).append(span.httpRoute()).append(span.httpStatus())
                .append(span.attributesJson()).append(span.resourceAttributesJson());
    }

    private static void httpMetric(DuckDBAppender appender, HttpMetricRecord metric) throws SQLException {
        appender.appendEpochMicros(micros(metric.timestampEpochNanos())).append(metric.serviceName())
                .append(metric.httpMethod()).append(metric.httpRoute()).append(metric.httpStatusCode())
                .append(metric.count()).append(metric.sumNanos())
                .append(metric.bucketBoundsNanos()).append(metric.bucketCounts());
    }

    private static void systemMetric(DuckDBAppender appender, SystemMetricRecord metric) throws SQLException {
        appender.appendEpochMicros(micros(metric.timestampEpochNanos())).append(metric.name())
                .append(metric.value()).append(metric.unit()).append(metric.attributesJson());
    }

    private static void scriptEvent(DuckDBAppender appender, ScriptEventRecord event) throws SQLException {
        appender.appendEpochMicros(micros(event.timestampEpochNanos())).append(event.scriptId())
                .append(event.executionId()).append(event.name()).append(event.severity())
                .append(event.dataJson());
    }

    private static long micros(long epochNanos) {
        return Math.floorDiv(epochNanos, 1_000L);
    }
}

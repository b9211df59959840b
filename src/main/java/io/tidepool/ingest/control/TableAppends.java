package io.tidepool.ingest.control;

import java.sql.SQLException;
import java.util.List;

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
 * timestamps as epoch microseconds (the database runs in UTC).
 */
final class TableAppends {

    private TableAppends() {
    }

    /** Appends every row of {@code group}, table by table. */
    static void append(DuckDBConnection connection, List<WriteBatch> group) throws SQLException {
        List<SpanRecord> spans = group.stream().flatMap(batch -> batch.spans().stream()).toList();
        if (!spans.isEmpty()) {
            try (DuckDBAppender appender = connection.createAppender(Schema.SPANS)) {
                for (SpanRecord span : spans) {
                    appender.beginRow()
                            .append(span.traceId()).append(span.spanId()).append(span.parentSpanId())
                            .append(span.serviceName()).append(span.spanName()).append(span.spanKind())
                            .appendEpochMicros(micros(span.startEpochNanos())).appendEpochMicros(micros(span.endEpochNanos()))
                            .append(span.durationNanos()).append(span.error()).append(span.statusCode())
                            .append(span.httpMethod()).append(span.httpRoute()).append(span.httpStatus())
                            .append(span.attributesJson()).append(span.resourceAttributesJson())
                            .endRow();
                }
            }
        }
        List<HttpMetricRecord> httpMetrics = group.stream().flatMap(batch -> batch.httpMetrics().stream()).toList();
        if (!httpMetrics.isEmpty()) {
            try (DuckDBAppender appender = connection.createAppender(Schema.HTTP_METRICS)) {
                for (HttpMetricRecord metric : httpMetrics) {
                    appender.beginRow()
                            .appendEpochMicros(micros(metric.timestampEpochNanos())).append(metric.serviceName())
                            .append(metric.httpMethod()).append(metric.httpRoute()).append(metric.httpStatusCode())
                            .append(metric.count()).append(metric.sumNanos())
                            .append(metric.bucketBoundsNanos()).append(metric.bucketCounts())
                            .endRow();
                }
            }
        }
        List<SystemMetricRecord> systemMetrics = group.stream().flatMap(batch -> batch.systemMetrics().stream()).toList();
        if (!systemMetrics.isEmpty()) {
            try (DuckDBAppender appender = connection.createAppender(Schema.SYSTEM_METRICS)) {
                for (SystemMetricRecord metric : systemMetrics) {
                    appender.beginRow()
                            .appendEpochMicros(micros(metric.timestampEpochNanos())).append(metric.name())
                            .append(metric.value()).append(metric.unit()).append(metric.attributesJson())
                            .endRow();
                }
            }
        }
        List<ScriptEventRecord> events = group.stream().flatMap(batch -> batch.scriptEvents().stream()).toList();
        if (!events.isEmpty()) {
            try (DuckDBAppender appender = connection.createAppender(Schema.SCRIPT_EVENTS)) {
                for (ScriptEventRecord event : events) {
                    appender.beginRow()
                            .appendEpochMicros(micros(event.timestampEpochNanos())).append(event.scriptId())
                            .append(event.executionId()).append(event.name()).append(event.severity())
                            .append(event.dataJson())
                            .endRow();
                }
            }
        }
    }

    private static long micros(long epochNanos) {
        return Math.floorDiv(epochNanos, 1_000L);
    }
}

package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.query.entity.Caller;
import io.tidepool.query.entity.ErrorRate;
import io.tidepool.query.entity.HostSample;
import io.tidepool.query.entity.LatencyMetric;
import io.tidepool.query.entity.Percentile;
import io.tidepool.query.entity.StoredEvent;
import io.tidepool.query.entity.TraceSummary;

/**
 * The helper endpoints' queries: fixed SQL with bind parameters only, each in its own read-only
 * snapshot with its own deadline (10 s for metric helpers, 5 s for host helpers by default), and
 * their answers reused until the data changes ({@link HelperAnswers}).
 */
@ApplicationScoped
public class TelemetryHelpers {

    private static final String REQUEST_PERCENTILE = """
            SELECT quantile_cont(duration_ns, ?), count(*)
            FROM otel_spans_local
            WHERE service_name = ? AND span_kind = 'SERVER' AND start_time > now() - to_microseconds(?)""";

    private static final String SPAN_PERCENTILE = """
            SELECT quantile_cont(duration_ns, ?), count(*)
            FROM otel_spans_local
            WHERE service_name = ? AND start_time > now() - to_microseconds(?)""";

    private static final String HISTOGRAMS = """
            SELECT bucket_bounds_ns, bucket_counts
            FROM beyla_http_metrics
            WHERE service_name = ? AND timestamp > now() - to_microseconds(?)""";

    private static final String ERROR_RATE = """
            SELECT count(*) FILTER (WHERE is_error), count(*)
            FROM otel_spans_local
            WHERE service_name = ? AND span_kind = 'SERVER' AND start_time > now() - to_microseconds(?)""";

    private static final String TRACES = """
            SELECT trace_id, span_id, parent_span_id, service_name, span_name, start_time, duration_ns, is_error,
                   status_code, http_status, http_method, http_route
            FROM otel_spans_local
            WHERE (? IS NULL OR service_name = ?) AND span_kind = 'SERVER'
              AND duration_ns >= ? AND start_time > now() - to_microseconds(?)
            ORDER BY start_time DESC
            LIMIT ?""";

    private static final String LATEST_HOST_VALUE = """
            SELECT value, timestamp
            FROM system_metrics_local
            WHERE name = ? AND attributes->>'source' = 'tidepool'
            ORDER BY timestamp DESC
            LIMIT 1""";

    private static final String RUN_EVENTS = """
            SELECT timestamp, script_id, execution_id, name, severity, data
            FROM script_events
            WHERE execution_id = ?
            ORDER BY timestamp
            LIMIT ?""";

    @Inject
    SnapshotLeases leases;

    @Inject
    QueryLimits limits;

    @Inject
    HelperAnswers answers;

    public Percentile percentile(String service, LatencyMetric metric, double quantile, Duration window, Caller caller) {
        return answers.get(key("percentile", service, metric, quantile, window), () ->
                read(limits.metricsTimeout(), caller, lease -> switch (metric) {
                    case REQUEST_DURATION -> exactPercentile(lease, REQUEST_PERCENTILE, service, quantile, window);
                    case SPAN_DURATION -> exactPercentile(lease, SPAN_PERCENTILE, service, quantile, window);
                    case HTTP_HISTOGRAM -> histogramPercentile(lease, service, quantile, window);
                }));
    }

    public ErrorRate errorRate(String service, Duration window, Caller caller) {
        return answers.get(key("error-rate", service, window), () -> read(limits.metricsTimeout(), caller, lease -> {
            try (LeasedStatement query = lease.prepare(ERROR_RATE)) {
                query.setString(1, service);
                query.setLong(2, micros(window));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    long errors = row.getLong(1);
                    long total = row.getLong(2);
                    return new ErrorRate(total == 0 ? null : (double) errors / total, total, errors);
                }
            }
        }));
    }

    public List<TraceSummary> traces(String service, Duration minDuration, Duration timeRange, int limit, Caller caller) {
        return answers.get(key("traces", service, minDuration, timeRange, limit), () -> read(limits.metricsTimeout(), caller, lease -> {
            try (LeasedStatement query = lease.prepare(TRACES)) {
                query.setString(1, service);
                query.setString(2, service);
                query.setLong(3, minDuration.toNanos());
                query.setLong(4, micros(timeRange));
                query.setInt(5, limit);
                List<TraceSummary> traces = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        int status = row.getInt(10);
                        Integer httpStatus = row.wasNull() ? null : status;
                        traces.add(new TraceSummary(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                                row.getString(5), row.getObject(6, OffsetDateTime.class).toInstant(), row.getLong(7),
                                row.getBoolean(8), row.getString(9), httpStatus, row.getString(11), row.getString(12)));
                    }
                }
                return List.copyOf(traces);
            }
        }));
    }

    /**
     * The latest sample of each named host metric from this host's own sampler (rows tagged
     * {@code "source": "tidepool"}): OTLP senders may push {@code system.*} metrics of other hosts, or
     * per-state breakdowns, into the same table. Read in one snapshot.
     */
    public Map<String, HostSample> latestHostValues(List<String> names, Caller caller) {
        return answers.get(key("host", names), () -> read(limits.systemTimeout(), caller, lease -> {
            Map<String, HostSample> latest = new HashMap<>();
            try (LeasedStatement query = lease.prepare(LATEST_HOST_VALUE)) {
                for (String name : names) {
                    query.setString(1, name);
                    try (ResultSet row = query.executeQuery()) {
                        latest.put(name, row.next()
                                ? new HostSample(row.getDouble(1), row.getObject(2, OffsetDateTime.class).toInstant())
                                : HostSample.NONE);
                    }
                }
            }
            return Map.copyOf(latest);
        }));
    }

    /** The events one script run emitted, oldest first (until the retention job deletes them). */
    public List<StoredEvent> runEvents(String executionId, int limit, Caller caller) {
        return read(limits.metricsTimeout(), caller, lease -> {
            try (LeasedStatement query = lease.prepare(RUN_EVENTS)) {
                query.setString(1, executionId);
                query.setInt(2, limit);
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        events.add(new StoredEvent(row.getObject(1, OffsetDateTime.class).toInstant(), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5), row.getString(6)));
                    }
                }
                return events;
            }
        });
    }

    private Percentile exactPercentile(SnapshotLease lease, String sql, String service, double quantile, Duration window)
            throws SQLException {
        try (LeasedStatement query = lease.prepare(sql)) {
            query.setDouble(1, quantile);
            query.setString(2, service);
            query.setLong(3, micros(window));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                double value = row.getDouble(1);
                boolean none = row.wasNull();
                return new Percentile(none ? null : value, row.getLong(2), false);
            }
        }
    }

    /** Sums the buckets of every interval in the window (intervals with other bounds than the majority are left out). */
    private Percentile histogramPercentile(SnapshotLease lease, String service, double quantile, Duration window)
            throws SQLException {
        Map<List<Long>, long[]> byBounds = new HashMap<>();
        try (LeasedStatement query = lease.prepare(HISTOGRAMS)) {
            query.setString(1, service);
            query.setLong(2, micros(window));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long[] bounds = longs(row.getArray(1));
                    long[] counts = longs(row.getArray(2));
                    long[] sum = byBounds.computeIfAbsent(Arrays.stream(bounds).boxed().toList(), k -> new long[counts.length]);
                    for (int i = 0; i < counts.length && i < sum.length; i++) {
                        sum[i] += counts[i];
                    }
                }
            }
        }
        Map.Entry<List<Long>, long[]> largest = null;
        for (Map.Entry<List<Long>, long[]> entry : byBounds.entrySet()) {
            if (largest == null || Arrays.stream(entry.getValue()).sum() > Arrays.stream(largest.getValue()).sum()) {
                largest = entry;
            }
        }
        if (largest == null) {
            return new Percentile(null, 0, true);
        }
        long[] bounds = largest.getKey().stream().mapToLong(Long::longValue).toArray();
        double value = HistogramQuantile.estimate(bounds, largest.getValue(), quantile);
        return new Percentile(Double.isNaN(value) ? null : value, Arrays.stream(largest.getValue()).sum(), true);
    }

    private static long[] longs(java.sql.Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = ((Number) values[i]).longValue();
        }
        return result;
    }

    /**
     * A cache key that two different requests never share: the helper and its parameters as typed
     * values, compared element by element, with a missing parameter (null) distinct from any text,
     * including "null".
     */
    static List<Object> key(String helper, Object... parameters) {
        Object[] parts = new Object[parameters.length + 1];
        parts[0] = helper;
        System.arraycopy(parameters, 0, parts, 1, parameters.length);
        return Collections.unmodifiableList(Arrays.asList(parts));
    }

    private static long micros(Duration window) {
        return window.toNanos() / 1_000;
    }

    private <T> T read(Duration timeout, Caller caller, SnapshotWork<T> work) {
        try (SnapshotLease lease = leases.open(timeout, caller)) {
            try {
                return work.apply(lease);
            } catch (SQLException e) {
                throw QueryFailure.ofServerSql(e, lease.deadline());
            }
        }
    }

    @FunctionalInterface
    private interface SnapshotWork<T> {
        T apply(SnapshotLease lease) throws SQLException;
    }
}

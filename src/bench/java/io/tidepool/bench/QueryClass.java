package io.tidepool.bench;

import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * One row of the seed's performance table, as SQL with its parameters. Time bounds are absolute
 * (from the dataset's end), so the JDBC floor and the HTTP run read exactly the same rows.
 */
record QueryClass(String name, String seedFigure, double seedMillis, String sql, List<String> params) {

    static final String TRIVIAL = "trivial (SELECT 1)";
    static final String COUNT_AVG = "COUNT/AVG by service";
    static final String P99 = "p99 of one service (~200k rows)";
    static final String FULL_SCAN = "full scan (distinct traces)";

    static QueryClass named(List<QueryClass> classes, String name) {
        return classes.stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no query class " + name));
    }

    static List<QueryClass> all(Instant datasetEnd) {
        String halfHourAgo = datasetEnd.minusSeconds(1800).toString();
        String tenSecondsLater = datasetEnd.minusSeconds(1790).toString();
        String quarterHourAgo = datasetEnd.minusSeconds(900).toString();
        return List.of(
                new QueryClass(TRIVIAL, "", Double.NaN, "SELECT 1 AS one", List.of()),
                new QueryClass("timestamp range (10 s, 100 rows)", "5-10 ms", 5, """
                        SELECT trace_id, span_id, service_name, duration_ns, http_status
                        FROM otel_spans_local
                        WHERE start_time BETWEEN $1::TIMESTAMPTZ AND $2::TIMESTAMPTZ
                        ORDER BY start_time LIMIT 100""", List.of(halfHourAgo, tenSecondsLater)),
                new QueryClass(COUNT_AVG, "50-100 ms", 50, """
                        SELECT service_name, count(*) AS requests, avg(duration_ns) AS avg_ns
                        FROM otel_spans_local GROUP BY service_name ORDER BY service_name""", List.of()),
                new QueryClass(P99, "(6 ms in-JVM baseline)", 6, """
                        SELECT quantile_cont(duration_ns, 0.99) AS p99_ns
                        FROM otel_spans_local WHERE service_name = $1""", List.of("payments")),
                new QueryClass(FULL_SCAN, "0.5-2 s", 500, """
                        SELECT count(DISTINCT trace_id) AS traces, count(*) FILTER (WHERE is_error) AS errors,
                               max(duration_ns) AS slowest_ns
                        FROM otel_spans_local""", List.of()),
                new QueryClass("join children to parents (15 min)", "100 ms-1 s", 100, """
                        SELECT p.service_name, count(*) AS children, avg(c.duration_ns) AS child_avg_ns
                        FROM otel_spans_local c
                        JOIN otel_spans_local p ON c.trace_id = p.trace_id AND c.parent_span_id = p.span_id
                        WHERE p.start_time > $1::TIMESTAMPTZ
                        GROUP BY p.service_name ORDER BY p.service_name""", List.of(quarterHourAgo)));
    }

    /** The body of {@code POST /db/query} for this class. */
    String requestBody() {
        JsonArrayBuilder values = Json.createArrayBuilder();
        params.forEach(values::add);
        JsonObject body = Json.createObjectBuilder().add("sql", sql).add("params", values).build();
        return body.toString();
    }
}

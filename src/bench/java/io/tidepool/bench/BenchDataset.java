package io.tidepool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import jakarta.json.Json;

import io.tidepool.storage.Schema;

/**
 * Builds the benchmark database: 1,000,000 spans of five services over the last hour (70% requests,
 * 30% child spans of them, each set inserted in time order as live ingest appends it), log-normal latencies with a 1% slow tail, about 1% errors, plus a RED
 * row per route and status every 10 s and host samples every 10 s. Generated inside DuckDB with SQL
 * (seconds, not minutes); deterministic apart from the wall-clock end time.
 */
public final class BenchDataset {

    private BenchDataset() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        Path file = Path.of(args[0]);
        int spans = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Files.createDirectories(file.getParent());
        for (String suffix : new String[] {"", ".wal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
        long started = System.nanoTime();
        Instant end;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + file); Statement sql = db.createStatement()) {
            sql.execute("SET TimeZone = 'UTC'");
            for (String ddl : Schema.DDL) {
                sql.execute(ddl);
            }
            sql.execute("SELECT setseed(0.42)");
            sql.execute("""
                    CREATE TEMP TABLE routes AS SELECT * FROM (VALUES
                      (0, 'payments', 'POST', '/api/payments', 120.0, 0.02), (1, 'payments', 'GET', '/api/payments/{id}', 25.0, 0.005),
                      (2, 'checkout', 'POST', '/api/checkout', 180.0, 0.01), (3, 'checkout', 'GET', '/api/cart', 30.0, 0.005),
                      (4, 'inventory', 'GET', '/api/items/{sku}', 15.0, 0.005), (5, 'inventory', 'PUT', '/api/items/{sku}/reserve', 45.0, 0.01),
                      (6, 'users', 'GET', '/api/users/{id}', 12.0, 0.003), (7, 'users', 'POST', '/api/login', 90.0, 0.008),
                      (8, 'shipping', 'POST', '/api/shipments', 140.0, 0.012), (9, 'shipping', 'GET', '/api/shipments/{id}/track', 35.0, 0.006))
                      AS t(id, service, method, route, median_ms, error_rate)""");
            int requests = spans * 7 / 10;
            sql.execute("""
                    CREATE TEMP TABLE requests AS
                    WITH raw AS (
                      SELECT i, (random() * 10)::INT %% 10 AS r,
                             now() - to_microseconds((random() * 3600e6)::BIGINT) - INTERVAL 2 SECOND AS start_time,
                             random() AS u1, random() AS u2, random() AS tail, random() AS fail
                      FROM range(%d) t(i))
                    SELECT raw.i, raw.start_time, routes.*,
                           greatest(200000, (median_ms * exp(0.5 * sqrt(-2 * ln(greatest(u1, 1e-12))) * cos(2 * pi() * u2))
                             * CASE WHEN tail < 0.01 THEN 5 + tail * 1500 ELSE 1 END * 1e6)::BIGINT) AS duration_ns,
                           fail < error_rate AS is_error
                    FROM raw JOIN routes ON raw.r = routes.id""".formatted(requests));
            sql.execute("""
                    -- The last column is the commit stamp (docs/schema.md): 0, as for rows stored before export existed.
                    INSERT INTO otel_spans_local
                    SELECT md5(i::VARCHAR), substr(md5('s' || i::VARCHAR), 1, 16), NULL, service, method || ' ' || route,
                           'SERVER', start_time, start_time + to_microseconds(duration_ns // 1000), duration_ns, is_error,
                           CASE WHEN is_error THEN 'ERROR' ELSE 'UNSET' END, method, route,
                           CASE WHEN is_error THEN 500 WHEN method = 'POST' THEN 201 ELSE 200 END,
                           json_object('http.request.method', method, 'http.route', route, 'url.scheme', 'http'),
                           json_object('service.name', service, 'host.name', 'bench-host'), 0
                    FROM requests ORDER BY start_time""");
            sql.execute("""
                    INSERT INTO otel_spans_local
                    SELECT md5(i::VARCHAR), substr(md5('c' || i::VARCHAR), 1, 16), substr(md5('s' || i::VARCHAR), 1, 16),
                           service, 'SELECT', 'CLIENT', start_time + to_microseconds(duration_ns // 10000),
                           start_time + to_microseconds(duration_ns // 2000), duration_ns // 2 - duration_ns // 10, false,
                           'UNSET', NULL, NULL, NULL, json_object('db.system', 'postgresql'),
                           json_object('service.name', service, 'host.name', 'bench-host'), 0
                    FROM requests WHERE i < %d ORDER BY start_time""".formatted(spans - requests));
            sql.execute("""
                    INSERT INTO beyla_http_metrics
                    SELECT time_bucket(INTERVAL 10 SECOND, start_time) + INTERVAL 10 SECOND, service, method, route,
                           CASE WHEN is_error THEN 500 WHEN method = 'POST' THEN 201 ELSE 200 END,
                           count(*), sum(duration_ns),
                           [5000000, 10000000, 25000000, 50000000, 75000000, 100000000, 250000000, 500000000, 750000000,
                            1000000000, 2500000000, 5000000000, 7500000000, 10000000000]::BIGINT[],
                           %s, 0
                    FROM requests GROUP BY ALL""".formatted(BUCKET_COUNTS));
            sql.execute("""
                    INSERT INTO system_metrics_local
                    SELECT ts, name, CASE name WHEN 'system.cpu.utilization' THEN 0.3 + 0.2 * random()
                                                WHEN 'system.memory.usage' THEN 8e9 + 1e9 * random() ELSE 17179869184 END,
                           CASE name WHEN 'system.cpu.utilization' THEN '1' ELSE 'By' END, '{"host.name": "bench-host"}', 0
                    FROM range(now() - INTERVAL 1 HOUR, now(), INTERVAL 10 SECOND) t(ts),
                         (VALUES ('system.cpu.utilization'), ('system.memory.usage'), ('system.memory.total')) m(name)""");
            sql.execute("CHECKPOINT");
            try (ResultSet row = sql.executeQuery("SELECT count(*), max(end_time) FROM otel_spans_local")) {
                row.next();
                end = row.getObject(2, java.time.OffsetDateTime.class).toInstant();
                System.out.printf("Built %s: %,d spans ending %s in %.1f s%n", file, row.getLong(1), end,
                        (System.nanoTime() - started) / 1e9);
            }
        }
        Files.writeString(file.resolveSibling("dataset.json"), Json.createObjectBuilder()
                .add("spans", spans).add("end", end.toString()).build().toString());
    }

    /** Counts per OpenTelemetry default bucket, built as one list expression (upper bounds inclusive). */
    private static final String BUCKET_COUNTS;

    static {
        long[] bounds = {5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 75_000_000L, 100_000_000L, 250_000_000L,
            500_000_000L, 750_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 7_500_000_000L, 10_000_000_000L};
        StringBuilder list = new StringBuilder("[");
        long previous = -1;
        for (long bound : bounds) {
            list.append("count(*) FILTER (WHERE duration_ns > ").append(previous).append(" AND duration_ns <= ").append(bound).append("), ");
            previous = bound;
        }
        list.append("count(*) FILTER (WHERE duration_ns > ").append(previous).append(")]::BIGINT[]");
        BUCKET_COUNTS = list.toString();
    }
}

package it.io.tidepool.generated;

import static it.io.tidepool.support.TidepoolServer.sdk;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * Requests to the SDK API as a careless or hostile script might send them: SQL from a list of
 * reads, writes and engine escapes, mutated, with parameter lists of any length and kind; helper
 * parameters of any text; bodies truncated, of other types, or not JSON; unknown paths and methods.
 * Every SQL here is cheap, so a request never meets its deadline (a 504 would be a finding).
 */
final class SdkInputs implements Inputs {

    /** Reads, some with placeholders ({@code ?}, {@code $n}, gaps and repeats). */
    static final List<String> READS = List.of(
            "SELECT 1", "SELECT ? AS a", "SELECT ?::VARCHAR AS a, ?::VARCHAR AS b", "SELECT $1 AS a, $1 AS b, $2 AS c",
            "SELECT $2 AS a", "SELECT $1::INTEGER + 1 AS x", "SELECT ?::BIGINT * 2 AS x", "SELECT ?::HUGEINT AS x",
            "SELECT ?::DOUBLE / 0 AS x", "SELECT ?::DECIMAL(4,2) AS x", "SELECT ?::DATE AS d", "SELECT ?::TIMESTAMPTZ AS t",
            "SELECT ?::INTERVAL AS i", "SELECT ?::UUID AS u", "SELECT ?::BLOB AS b", "SELECT ?::JSON AS j",
            "SELECT json_extract(?, '$.a') AS x", "SELECT [?, ?] AS l", "SELECT {'a': ?} AS s", "SELECT to_timestamp(?) AS t",
            "SELECT regexp_matches(?, ?) AS m", "SELECT * FROM range(?) t(i)", "SELECT * FROM range(10) t(i) WHERE i > ?",
            "SELECT count(*) AS n FROM otel_spans_local WHERE service_name = ?",
            "SELECT trace_id, duration_ns FROM otel_spans_local WHERE start_time > now() - INTERVAL 5 MINUTE LIMIT ?",
            "SELECT quantile_cont(duration_ns, ?) AS q FROM otel_spans_local WHERE start_time > now() - INTERVAL 1 MINUTE",
            "SELECT name, severity, data FROM script_events ORDER BY timestamp DESC LIMIT 5",
            "FROM system_metrics_local SELECT name, value LIMIT 3", "SELECT * FROM beyla_http_metrics LIMIT 2",
            "VALUES (1, 'a'), (?, ?)", "WITH t AS (SELECT ? AS x) SELECT * FROM t", "DESCRIBE otel_spans_local", "DESCRIBE SELECT ?",
            "SUMMARIZE SELECT 1 AS a", "SHOW TABLES", "EXPLAIN SELECT ?", "EXPLAIN ANALYZE SELECT 1",
            "SELECT $name AS n", "SELECT $0 AS z", "SELECT ?1 AS a", "SELECT '?' AS q, ? AS a", "SELECT 1 -- ?", "SELECT /* $1 */ 2",
            "SELECT $1 UNION ALL SELECT ?", "SELECT current_setting('threads') AS t", "SELECT * FROM duckdb_settings() LIMIT 3",
            "SELECT 1 AS a, 2 AS a", "SELECT NULL AS n", "SELECT 'x'::INTEGER AS x", "SELECT error(?) AS e",
            "SELECT 9223372036854775807::BIGINT + ?::BIGINT AS x", "SELECT list_value(?, ?, ?) AS l", "SELECT hash(?) AS h");

    /** Statements that must be refused without changing anything. */
    static final List<String> HOSTILE = List.of(
            "DELETE FROM script_events WHERE name LIKE 'gen-marker%'", "UPDATE script_events SET severity = 'x'",
            "INSERT INTO script_events (timestamp, name, severity, data) VALUES (now(), 'gen-marker-x', 'info', '{}')",
            "TRUNCATE script_events", "DROP TABLE otel_spans_local", "ALTER TABLE script_events ADD COLUMN x INT",
            "CREATE TABLE gen_x AS SELECT 1", "CREATE TEMP TABLE gen_t (a INT)", "CREATE VIEW gen_v AS SELECT 1",
            "CREATE SEQUENCE gen_s", "CREATE MACRO gen_m(a) AS a", "ATTACH ':memory:' AS gen_m", "DETACH agent", "USE memory",
            "COPY script_events TO '/tmp/gen.csv'", "EXPORT DATABASE '/tmp/gen'", "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM glob('/*')", "SELECT * FROM '/etc/passwd'",
            "SET threads = 1", "RESET threads", "PRAGMA threads = 1", "SET enable_external_access = true", "INSTALL httpfs",
            "LOAD httpfs", "CHECKPOINT", "VACUUM", "BEGIN", "COMMIT", "ROLLBACK", "SELECT 1; SELECT 2",
            "SELECT 1; DELETE FROM script_events", "CALL pragma_version()", "SELECT nextval('gen_s')", "SELECT getenv('HOME')",
            "WITH d AS (DELETE FROM script_events RETURNING *) SELECT * FROM d", "PREPARE p AS SELECT 1", "EXECUTE p",
            "DEALLOCATE p", "SET VARIABLE x = 1", "SELECT getvariable('x')");

    private final Draw draw;

    SdkInputs(Draw draw) {
        this.draw = draw;
    }

    @Override
    public Generated request(int index) {
        return switch (draw.between(0, 9)) {
            case 0, 1, 2, 3 -> query(index);
            case 4 -> queryBody(index);
            case 5, 6 -> helper(index);
            case 7 -> emit(index);
            default -> elsewhere(index);
        };
    }

    String sql() {
        String sql = switch (draw.between(0, 9)) {
            case 0, 1, 2, 3, 4 -> draw.pick(READS);
            case 5, 6 -> draw.pick(HOSTILE);
            case 7 -> draw.truncated(draw.pick(READS));
            case 8 -> draw.pick(READS) + draw.pick(" ", ";", " ;;", " -- c", "\n", " LIMIT 1", " OFFSET ?", " /*", "'", ")", " $3");
            default -> draw.text();
        };
        return sql;
    }

    private Generated query(int index) {
        JsonObjectBuilder body = Json.createObjectBuilder().add("sql", sql());
        if (draw.chance(0.8)) {
            JsonArrayBuilder params = Json.createArrayBuilder();
            for (int n = draw.between(0, 3); n > 0; n--) {
                params.add(draw.value(2));
            }
            body.add("params", params);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk("/db/query"));
        if (draw.chance(0.9)) {
            request.header("Content-Type", draw.pick("application/json", "application/json", "application/json; charset=utf-8", "*/*"));
        }
        if (draw.chance(0.3)) {
            request.header("Accept", draw.pick("application/json", "application/x-ndjson", "application/ndjson", "text/csv", "*/*",
                    "text/html", "application/xml", "text/*", "application/json;q=0", "garbage/", "text/csv, application/json;q=0.5"));
        }
        return Generated.of(index, request, "POST", bytes(body.build().toString()), true);
    }

    /** Bodies that are not a query object: truncated, other JSON, another type, not UTF-8, empty, too large. */
    private Generated queryBody(int index) {
        String valid = Json.createObjectBuilder().add("sql", draw.pick(READS)).add("params", Json.createArrayBuilder().add(draw.scalar()))
                .build().toString();
        byte[] body = switch (draw.between(0, 9)) {
            case 0, 1 -> bytes(draw.truncated(valid));
            case 2 -> bytes(draw.value(3).toString());
            case 3 -> bytes("{\"sql\": " + draw.value(2) + ", \"params\": " + draw.value(2) + "}");
            case 4 -> draw.bytes(200);
            case 5 -> new byte[0];
            case 6 -> bytes("{\"sql\": \"SELECT 1\", \"sql\": \"SELECT 2\"}");
            case 7 -> bytes("{\"sql\": \"" + "x".repeat(draw.between(1, 3) * 700_000) + "\"}");
            case 8 -> bytes("[" .repeat(draw.between(1, 20_000)));
            default -> bytes(valid.replace("\"sql\"", draw.pick("\"SQL\"", "\"query\"", "\"sql \"")));
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk("/db/query"));
        if (draw.chance(0.8)) {
            request.header("Content-Type", draw.pick("application/json", "text/plain", "application/x-www-form-urlencoded",
                    "application/xml", "multipart/form-data", "application/json; charset=utf-16", "garbage", ";", "application/json;;;"));
        }
        return Generated.of(index, request, draw.pick("POST", "POST", "POST", "PUT"), body, body.length < 2_000);
    }

    private Generated helper(int index) {
        String path = draw.pick("/metrics/percentile", "/metrics/error-rate", "/traces/query");
        StringBuilder query = new StringBuilder();
        for (String name : List.of("service", "metric", "p", "window", "timeRange", "minDuration", "limit")) {
            if (draw.chance(0.5)) {
                String value = switch (name) {
                    case "service" -> draw.pick("payments", "checkout", draw.text());
                    case "metric" -> draw.pick("duration", "latency", "span.duration", "http.server.request.duration",
                            "http.server.duration", draw.text());
                    case "p" -> draw.pick("0.99", "0", "1", "0.5", "-0", "1.0000001", "NaN", "Infinity", "1e-400", String.valueOf(draw.anyDouble()), draw.text());
                    case "limit" -> draw.pick("1", "10000", "10001", "0", "-1", String.valueOf(draw.anyLong()), "99999999999999999999", draw.text());
                    default -> draw.duration();
                };
                query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                if (draw.chance(0.05)) {
                    query.append('&').append(name).append("=5m");
                }
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk(path + query));
        if (draw.chance(0.1)) {
            request.header("Accept", draw.pick("text/csv", "text/html", "application/xml", "*/*", "application/json"));
        }
        return Generated.of(index, request, "GET", null, false);
    }

    private Generated emit(int index) {
        JsonObjectBuilder event = Json.createObjectBuilder();
        if (draw.chance(0.85)) {
            event.add("name", draw.chance(0.6) ? Json.createValue("gen-emit-" + draw.between(0, 9)) : draw.value(1));
        }
        if (draw.chance(0.5)) {
            event.add("severity", draw.chance(0.6) ? Json.createValue(draw.pick("debug", "info", "warning", "error", "critical",
                    "WARNING", "fatal", "")) : draw.value(1));
        }
        if (draw.chance(0.6)) {
            event.add("data", draw.value(3));
        }
        String body = event.build().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk("/emit"));
        if (draw.chance(0.9)) {
            request.header("Content-Type", draw.pick("application/json", "application/json", "text/plain", "application/x-ndjson"));
        }
        return Generated.of(index, request, "POST", bytes(draw.chance(0.15) ? draw.truncated(body) : body), true);
    }

    /** Known paths with other methods, and paths that do not exist. */
    private Generated elsewhere(int index) {
        String path = draw.pick("/db/query", "/emit", "/health", "/system/cpu", "/system/memory", "/metrics", "/metrics/",
                "/metrics/p99", "/traces", "/traces/query/x", "/system/disk", "/", "/db", "/openapi", "/scripts", "/v1/traces",
                "/health/ready", "/db/query/", "/%2e%2e/etc/passwd", "/emit?x=1", "/" + URLEncoder.encode(draw.text(), StandardCharsets.UTF_8));
        String method = draw.pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "GET", "POST");
        byte[] body = method.equals("GET") || method.equals("DELETE") || method.equals("OPTIONS") ? null : bytes("{}");
        HttpRequest.Builder request = HttpRequest.newBuilder(sdk(path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return Generated.of(index, request, method, body, true);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

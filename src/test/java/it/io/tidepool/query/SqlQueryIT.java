package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.firstRow;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.rows;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.SlowClient;
import it.io.tidepool.support.TidepoolServer;

/** {@code POST /db/query} against the running server: shapes, parameters, caps and errors. */
class SqlQueryIT {

    @Test
    void answersInTheSeedShapeWithColumnTypes() {
        Reply reply = query("SELECT 42 AS answer, 'tide' AS name");
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("application/json", reply.header("Content-Type").split(";")[0]);
        JsonObject body = reply.json();
        assertEquals(Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("name", "answer").add("type", "INTEGER"))
                .add(Json.createObjectBuilder().add("name", "name").add("type", "VARCHAR")).build(), body.getJsonArray("columns"));
        assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder().add("answer", 42).add("name", "tide")).build(),
                body.getJsonArray("rows"));
        assertEquals(1, body.getInt("count"));
        assertFalse(body.getBoolean("truncated"));
    }

    @Test
    void bindsDollarAndQuestionMarkParameters() {
        JsonObject dollar = query("SELECT $1::INTEGER + 1 AS n, $2 AS s, $3 AS b, $4 IS NULL AS isnull",
                Json.createArrayBuilder().add(41).add("x'); DROP TABLE otel_spans_local; --").add(true).addNull().build())
                .json().getJsonArray("rows").getJsonObject(0);
        assertEquals(42, dollar.getInt("n"));
        assertEquals("x'); DROP TABLE otel_spans_local; --", dollar.getString("s"));
        assertTrue(dollar.getBoolean("b"));
        assertTrue(dollar.getBoolean("isnull"));
        JsonObject question = query("SELECT ? * 2 AS d", Json.createArrayBuilder().add(1.25).build())
                .json().getJsonArray("rows").getJsonObject(0);
        assertEquals(2.5, question.getJsonNumber("d").doubleValue());
        assertEquals(1, rows("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'otel_spans_local'")
                .getJsonObject(0).getInt("n"));
    }

    @Test
    void runsTheSeedsExampleQueriesOnLiveData() {
        JsonArray recent = rows("SELECT * FROM otel_spans_local WHERE start_time > now() - INTERVAL '5 minutes'"
                + " ORDER BY start_time DESC LIMIT 100");
        assertEquals(100, recent.size(), "demo traffic keeps the last minutes populated");
        JsonObject span = recent.getJsonObject(0);
        for (String column : new String[] {"trace_id", "span_id", "service_name", "duration_ns", "is_error", "http_status",
            "http_method", "http_route", "start_time"}) {
            assertTrue(span.containsKey(column), column);
        }
        JsonArray perService = rows("""
                SELECT service_name, count(*) AS requests, avg(duration_ns) AS avg_ns,
                       quantile_cont(duration_ns, 0.99) AS p99_ns, avg(is_error::INT) AS error_rate
                FROM otel_spans_local
                WHERE start_time > now() - INTERVAL '5 minutes' AND span_kind = 'SERVER'
                GROUP BY service_name ORDER BY service_name""");
        // Other tests add services of their own to the same server; the demo's five are always there.
        java.util.Set<String> services = perService.getValuesAs(JsonObject.class).stream()
                .map(row -> row.getString("service_name")).collect(java.util.stream.Collectors.toSet());
        assertTrue(services.containsAll(java.util.Set.of("checkout", "inventory", "payments", "shipping", "users")),
                perService::toString);
    }

    @Test
    void timeWindowsAreRightInANonUtcServerZone() throws IOException {
        // The server under test runs with TZ=Asia/Kolkata (UTC+5:30; src/test/liberty/server.env): a
        // naive conversion through the JVM zone would shift timestamps by hours. Checked, lest the
        // test pass in UTC.
        long pid = Long.parseLong(Files.readString(TidepoolServer.SERVER_DIR.resolveSibling(".pid").resolve("tidepool.pid")).strip());
        List<String> environment = List.of(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"));
        assertTrue(environment.contains("TZ=Asia/Kolkata"), "the server's JVM runs in Asia/Kolkata");
        Instant before = Instant.now().minusSeconds(2);
        TidepoolServer.emit("it-time-zone-probe", Json.createObjectBuilder().add("at", before.toString()));
        JsonObject row = firstRow("""
                SELECT max(timestamp) AS latest, count(*) AS n, current_setting('TimeZone') AS tz
                FROM script_events
                WHERE name = 'it-time-zone-probe' AND timestamp > now() - INTERVAL '5 minutes'""");
        assertTrue(row.getInt("n") >= 1);
        assertEquals("UTC", row.getString("tz"));
        String latest = row.getString("latest");
        assertTrue(latest.endsWith("Z"), latest);
        Duration skew = Duration.between(before, Instant.parse(latest)).abs();
        assertTrue(skew.compareTo(Duration.ofSeconds(30)) < 0, "stored " + latest + " vs sent around " + before);
        assertEquals(0, firstRow("SELECT count(*) AS n FROM otel_spans_local WHERE start_time > now() + INTERVAL '1 minute'")
                .getInt("n"), "nothing is in the future");
    }

    @Test
    void capsRowsAtTenThousandWithoutComputingTheRest() {
        long started = System.nanoTime();
        Reply reply = query("SELECT * FROM range(100000000)");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(200, reply.status(), reply::toString);
        JsonObject body = reply.json();
        assertEquals(10_000, body.getInt("count"));
        assertEquals(10_000, body.getJsonArray("rows").size());
        assertTrue(body.getBoolean("truncated"));
        assertEquals(9_999, body.getJsonArray("rows").getJsonObject(9_999).getInt("range"));
        assertTrue(elapsed.compareTo(Duration.ofSeconds(3)) < 0, "materialising 1e8 rows would take far longer: " + elapsed);
    }

    @Test
    void aResultOfExactlyTheCapIsNotTruncated() {
        JsonObject body = query("SELECT * FROM range(10000)").json();
        assertEquals(10_000, body.getInt("count"));
        assertFalse(body.getBoolean("truncated"));
    }

    @Test
    void capsTheResponseInBytes() {
        // 1,000 rows of 100 kB each is about 100 MB, past the 32 MiB default byte cap.
        Reply reply = query("SELECT range AS i, repeat('x', 100000) AS filler FROM range(1000)");
        assertEquals(200, reply.status());
        JsonObject body = reply.json();
        assertTrue(body.getBoolean("truncated"));
        int count = body.getInt("count");
        assertEquals(count, body.getJsonArray("rows").size());
        assertTrue(count > 300 && count < 340, "about 32 MiB of 100 kB rows, got " + count);
        assertTrue(reply.body().length() <= 32 * 1024 * 1024 + 4096, "body " + reply.body().length() + " bytes");
    }

    @Test
    void renamesRepeatedColumnNamesInsteadOfLosingValues() {
        JsonObject row = firstRow("SELECT 1 AS a, 2 AS a");
        assertEquals(1, row.getInt("a"));
        assertEquals(2, row.getInt("a_2"));
    }

    @Test
    void mapsValuesAsDocumented() {
        JsonObject row = firstRow("""
                SELECT 9007199254740993::BIGINT AS big, 7::BIGINT AS small, 'NaN'::DOUBLE AS nan,
                       12.50::DECIMAL(6,2) AS dec, TIMESTAMPTZ '2024-05-06 07:08:09.5+02' AS tstz,
                       DATE '2024-02-29' AS d, '\\x01\\x02'::BLOB AS blob, [1, 2] AS list,
                       {'k': 'v'} AS struct, '{"nested": [1, true]}'::JSON AS js, NULL AS nothing""");
        assertEquals("9007199254740993", row.getString("big"));
        assertEquals(7, row.getInt("small"));
        assertEquals("NaN", row.getString("nan"));
        assertEquals("12.50", row.getJsonNumber("dec").toString());
        assertEquals("2024-05-06T05:08:09.500Z", row.getString("tstz"));
        assertEquals("2024-02-29", row.getString("d"));
        assertEquals("AQI=", row.getString("blob"));
        assertEquals(Json.createArrayBuilder().add(1).add(2).build(), row.getJsonArray("list"));
        assertEquals("v", row.getJsonObject("struct").getString("k"));
        assertTrue(row.getJsonObject("js").getJsonArray("nested").getBoolean(1));
        assertTrue(row.isNull("nothing"));
    }

    @Test
    void explainShowsAPlan() {
        JsonObject row = firstRow("EXPLAIN SELECT count(*) FROM otel_spans_local WHERE is_error");
        assertEquals("physical_plan", row.getString("explain_key"));
        assertTrue(row.getString("explain_value").contains("otel_spans_local"), row.getString("explain_value"));
    }

    @Test
    void describeSummarizeShowAndValuesAreReadKinds() {
        assertTrue(rows("DESCRIBE otel_spans_local").size() >= 16);
        assertEquals(1, rows("SUMMARIZE SELECT 1 AS x").size());
        assertTrue(rows("SHOW TABLES").size() >= 4);
        assertEquals(2, rows("VALUES (1), (2)").size());
        assertEquals(200, query("FROM script_events LIMIT 1").status());
        assertEquals(3, firstRow("WITH t AS (SELECT 3 AS n) SELECT n FROM t").getInt("n"));
    }

    @Test
    void headersThatAreNoMediaTypeAre415And406InTheErrorShapeNotAnHtmlPage() {
        Reply contentType = TidepoolServer.send(HttpRequest.newBuilder(sdk("/db/query")).header("Content-Type", "garbage")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1\"}")));
        assertEquals(415, contentType.status(), contentType::toString);
        assertEquals("unsupported_media_type", contentType.errorCode());
        assertEquals("Content-Type 'garbage' is not a media type; send application/json", contentType.errorMessage());
        Reply accept = TidepoolServer.send(HttpRequest.newBuilder(sdk("/db/query")).header("Content-Type", "application/json")
                .header("Accept", "garbage/").POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1\"}")));
        assertEquals(406, accept.status(), accept::toString);
        assertEquals("not_acceptable", accept.errorCode());
    }

    @Test
    void jsonNestedDeeperThan128LevelsIsA400() {
        Reply reply = TidepoolServer.postJson(sdk("/db/query"), "{\"sql\": \"SELECT 1\", \"params\": " + "[".repeat(20_000));
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("the body nests arrays and objects deeper than 128 levels", reply.errorMessage());
    }

    @Test
    void moreValuesThanPlaceholdersIsA400NotADatabaseError() {
        Reply reply = query("SELECT 1 AS one", Json.createArrayBuilder().add(5).build());

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_params", reply.errorCode());
        assertEquals("the statement has 0 parameters, the request gave 1 (one value in 'params' per ?, or per distinct $n)",
                reply.errorMessage());
    }

    @Test
    void fewerValuesThanPlaceholdersIsA400NeverAMissingValueBoundAsNull() {
        Reply reply = query("SELECT ?::VARCHAR AS a, ?::VARCHAR AS b", Json.createArrayBuilder().add("y").build());

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_params", reply.errorCode());
        assertEquals("the statement has 2 parameters, the request gave 1 (one value in 'params' per ?, or per distinct $n)",
                reply.errorMessage());
        Reply none = query("SELECT ?::VARCHAR AS a");
        assertEquals(400, none.status(), none::toString);
        assertEquals("the statement has 1 parameter, the request gave 0 (one value in 'params' per ?, or per distinct $n)",
                none.errorMessage());
    }

    @Test
    void aRepeatedDollarParameterTakesOneValue() {
        JsonObject row = query("SELECT $1 AS a, $1 AS b, $2 AS c", Json.createArrayBuilder().add("x").add(2).build())
                .json().getJsonArray("rows").getJsonObject(0);
        assertEquals("x", row.getString("a"));
        assertEquals("x", row.getString("b"));
        assertEquals(2, row.getInt("c"));
        Reply tooMany = query("SELECT $1 AS a, $1 AS b", Json.createArrayBuilder().add("x").add("y").build());
        assertEquals(400, tooMany.status(), tooMany::toString);
        assertEquals("invalid_params", tooMany.errorCode());
    }

    @Test
    void rejectsMalformedAndIncompleteBodiesWithJsonErrors() {
        Reply notJson = TidepoolServer.postJson(sdk("/db/query"), "{\"sql\": ");
        assertEquals(400, notJson.status());
        assertEquals("invalid_json", notJson.errorCode());
        Reply noSql = TidepoolServer.postJson(sdk("/db/query"), "{\"query\": \"SELECT 1\"}");
        assertEquals(400, noSql.status());
        assertEquals("missing_field", noSql.errorCode());
        assertEquals("field 'sql' (a string) is required", noSql.errorMessage());
        Reply badParams = TidepoolServer.postJson(sdk("/db/query"), "{\"sql\": \"SELECT 1\", \"params\": 5}");
        assertEquals(400, badParams.status());
        assertEquals("invalid_params", badParams.errorCode());
        Reply array = TidepoolServer.postJson(sdk("/db/query"), "[1]");
        assertEquals(400, array.status());
        assertEquals("invalid_json", array.errorCode());
    }

    @Test
    void passesDuckDbsMessageForSqlMistakes() {
        Reply unknownColumn = query("SELECT no_such_column FROM otel_spans_local");
        assertEquals(400, unknownColumn.status());
        assertEquals("sql_error", unknownColumn.errorCode());
        assertTrue(unknownColumn.errorMessage().startsWith("Binder Error: Referenced column \"no_such_column\" not found"),
                unknownColumn.errorMessage());
        Reply syntax = query("SELEC 1");
        assertEquals(400, syntax.status());
        assertEquals("Parser Error: syntax error at or near \"SELEC\"", syntax.errorMessage());
        Reply missingParam = query("SELECT $1 AS x");
        assertEquals(400, missingParam.status());
        assertEquals("invalid_params", missingParam.errorCode());
        Reply runtime = query("SELECT * FROM range(10) WHERE error('boom')");
        assertEquals(400, runtime.status());
        assertEquals("sql_error", runtime.errorCode());
        assertEquals("Invalid Input Error: boom", runtime.errorMessage());
    }

    @Test
    void aDeadlineReachedWhileStreamingEndsTheDocumentWithATimeoutError() throws Exception {
        // Rows of 3 kB fill the socket buffers long before the 10,000-row cap, so the server blocks
        // writing while this client pauses past the 5 s deadline; the query is then cancelled and
        // the document, already under way with status 200, ends with an error member.
        String body = SlowClient.postAndPause(TidepoolServer.SDK_PORT, "/db/query",
                "{\"sql\": \"SELECT range AS i, repeat('x', 3000) AS filler FROM range(100000000)\"}", Duration.ofSeconds(7));
        JsonObject document = Json.createReader(new java.io.StringReader(body)).readObject();
        assertTrue(document.getBoolean("truncated"));
        assertEquals("timeout", document.getJsonObject("error").getString("code"));
        int count = document.getInt("count");
        assertEquals(count, document.getJsonArray("rows").size());
        assertTrue(count > 0 && count < 10_000, "rows before the deadline: " + count);
        assertEquals("ok", TidepoolServer.get(sdk("/health")).json().getString("status"));
    }

    @Test
    void refusesBodiesOverTheLimitWith413() {
        String big = "{\"sql\": \"SELECT '" + "x".repeat(1_100_000) + "'\"}";
        Reply reply = TidepoolServer.postJson(sdk("/db/query"), big);
        assertEquals(413, reply.status());
        assertEquals("payload_too_large", reply.errorCode());
    }

    @Test
    void answersOtherContentTypesMethodsAndPathsAsUsual() {
        Reply form = TidepoolServer.send(HttpRequest.newBuilder(sdk("/db/query")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1\"}")));
        assertEquals(415, form.status());
        assertEquals("unsupported_media_type", form.errorCode());
        Reply noType = TidepoolServer.send(HttpRequest.newBuilder(sdk("/db/query"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1 AS one\"}")));
        assertEquals(200, noType.status(), "a missing Content-Type is read as JSON");
        Reply get = TidepoolServer.get(sdk("/db/query"));
        assertEquals(405, get.status());
        assertEquals("method_not_allowed", get.errorCode());
        Reply unknown = TidepoolServer.get(sdk("/db/nothing-here"));
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.errorCode());
    }

    @Test
    void sqlIsNotReachableOnTheOtherPorts() {
        Reply onOtlpPort = TidepoolServer.postJson(TidepoolServer.otlp("/db/query"), "{\"sql\": \"SELECT 1\"}");
        assertEquals(404, onOtlpPort.status());
        Reply onAdminPort = TidepoolServer.postJson(TidepoolServer.admin("/db/query"), "{\"sql\": \"SELECT 1\"}");
        assertEquals(404, onAdminPort.status());
        Reply onManagementPort = TidepoolServer.postJson(TidepoolServer.management("/db/query"), "{\"sql\": \"SELECT 1\"}");
        assertEquals(404, onManagementPort.status());
    }
}

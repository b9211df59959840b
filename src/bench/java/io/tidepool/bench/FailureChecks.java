package io.tidepool.bench;

import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/**
 * What a failing query costs and says: the reader pool's created/destroyed counters (MP Metrics on
 * the management port) around a run of failing queries, and whether queries that fail while DuckDB
 * runs them answer 400 with DuckDB's own message.
 */
final class FailureChecks {

    /** A query that fails at run time and the text DuckDB's message for it starts with. */
    record Case(String sql, String duckdbMessage) {
    }

    static final List<Case> CORPUS = List.of(
            new Case("SELECT CAST('abc' AS INTEGER) AS x", "Conversion Error: Could not convert string 'abc' to INT32"),
            new Case("SELECT error('boom') AS x", "Invalid Input Error: boom"),
            new Case("SELECT 1 // 0 AS x", "Invalid Input Error: Division by zero"),
            new Case("SELECT 2147483647::INTEGER + 1 AS x", "Out of Range Error: Overflow in addition of INT32"),
            new Case("SELECT 300::UTINYINT AS x", "Conversion Error: Type INT32 with value 300 can't be cast"),
            new Case("SELECT '2024-13-45'::DATE AS x", "Conversion Error: date field value out of range"),
            new Case("SELECT '{bad json'::JSON AS x", "Conversion Error: Malformed JSON"),
            new Case("SELECT 12345.678::DECIMAL(4,2) AS x", "Conversion Error: Casting value \"12345.678\" to type DECIMAL(4,2) failed"),
            new Case("WITH bad AS (SELECT 'x'::INTEGER AS v) SELECT * FROM bad", "Conversion Error: Could not convert string 'x' to INT32"),
            new Case("SELECT CASE WHEN i = 5000 THEN error('late row ' || i) ELSE i END AS x FROM range(100000) t(i)",
                    "Invalid Input Error: late row 5000"));

    private final int sdkPort;
    private final int managementPort;
    private final KeepAliveConnection sdk;
    private final KeepAliveConnection management;

    FailureChecks(int sdkPort, int managementPort) {
        this.sdkPort = sdkPort;
        this.managementPort = managementPort;
        this.sdk = new KeepAliveConnection(sdkPort);
        this.management = new KeepAliveConnection(managementPort);
    }

    /** The reader pool's counters before and after {@code count} failing queries, and the answers' statuses. */
    JsonObjectBuilder poolChurn(int count) throws Exception {
        RawRequest failing = RawRequest.postJson(sdkPort, "/db/query", "{\"sql\":\"SELECT CAST('abc' AS INTEGER) AS x\"}");
        sdk.ok(RawRequest.postJson(sdkPort, "/db/query", "{\"sql\":\"SELECT 1 AS one\"}"));
        double created = pool("connectionpool_create_total");
        double destroyed = pool("connectionpool_destroy_total");
        int notRefused = 0;
        for (int i = 0; i < count; i++) {
            if (sdk.send(failing).status() != 400) {
                notRefused++;
            }
        }
        double createdAfter = pool("connectionpool_create_total") - created;
        double destroyedAfter = pool("connectionpool_destroy_total") - destroyed;
        System.out.printf(Locale.ROOT, "%,d failing queries: %.0f reader connections destroyed, %.0f created, %d answers not 400%n",
                count, destroyedAfter, createdAfter, notRefused);
        return Json.createObjectBuilder().add("queries", count).add("destroyed", destroyedAfter).add("created", createdAfter)
                .add("destroyed_per_1000", destroyedAfter * 1000 / count).add("not_400", notRefused);
    }

    /** How many of the corpus's runtime failures answer 400 with DuckDB's own message. */
    JsonObjectBuilder duckdbMessages() throws Exception {
        int own = 0;
        JsonArrayBuilder misses = Json.createArrayBuilder();
        for (Case c : CORPUS) {
            KeepAliveConnection.Response answer = sdk.send(RawRequest.postJson(sdkPort, "/db/query",
                    Json.createObjectBuilder().add("sql", c.sql()).build().toString()));
            String message = "";
            try {
                message = Json.createReader(new java.io.StringReader(answer.text())).readObject()
                        .getJsonObject("error").getString("message");
            } catch (RuntimeException e) {
                // not the error shape: counted as a miss below
            }
            if (answer.status() == 400 && message.startsWith(c.duckdbMessage())) {
                own++;
            } else {
                misses.add(c.sql() + " -> " + answer.status() + " " + answer.text());
            }
        }
        System.out.printf(Locale.ROOT, "runtime failures answered with DuckDB's own message: %d of %d%n", own, CORPUS.size());
        return Json.createObjectBuilder().add("own_message", own).add("cases", CORPUS.size()).add("misses", misses);
    }

    private double pool(String metric) throws Exception {
        double sum = 0;
        for (String line : management.ok(RawRequest.getMetrics(managementPort, "/metrics?scope=vendor")).text().split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("datasource=\"jdbc_agentdb_ro\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}

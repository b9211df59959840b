package it.io.tidepool.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.SlowClient;
import it.io.tidepool.support.SlowClient.RawResponse;
import it.io.tidepool.support.TidepoolServer;

/** The same streamed result as NDJSON and CSV, with the same caps, and how each reports its end. */
class ResultFormatsIT {

    private static final String NDJSON = "application/x-ndjson";
    private static final String CSV = "text/csv";

    private static RawResponse post(String sql, String accept) throws Exception {
        return SlowClient.post(TidepoolServer.SDK_PORT, "/db/query",
                Json.createObjectBuilder().add("sql", sql).build().toString(), accept, Duration.ZERO);
    }

    @Test
    void ndjsonIsOneRowObjectPerLineThenASummaryLine() throws Exception {
        RawResponse response = post("SELECT range AS n, 'x,\"y\"' AS s, [range] AS l FROM range(3)", NDJSON);
        assertEquals(200, response.status());
        assertTrue(response.head().contains("Content-Type: application/x-ndjson"), response.head());
        List<String> lines = response.body().lines().toList();
        assertEquals(4, lines.size(), response.body());
        JsonObject first = Json.createReader(new StringReader(lines.get(0))).readObject();
        assertEquals(0, first.getInt("n"));
        assertEquals("x,\"y\"", first.getString("s"));
        assertEquals(0, first.getJsonArray("l").getInt(0));
        JsonObject summary = Json.createReader(new StringReader(lines.get(3))).readObject().getJsonObject("_tidepool");
        assertEquals(3, summary.getInt("count"));
        assertFalse(summary.getBoolean("truncated"));
        assertEquals("3", response.trailers().get("Tidepool-Count"));
    }

    @Test
    void csvHasAHeaderLineQuotedFieldsAndTheSummaryInTrailers() throws Exception {
        RawResponse response = post("SELECT range AS n, 'x,\"y\"' AS s, NULL AS nothing, {'k': 1} AS st FROM range(2)", CSV);
        assertEquals(200, response.status());
        assertTrue(response.head().contains("Content-Type: text/csv"), response.head());
        assertEquals("n,s,nothing,st\r\n0,\"x,\"\"y\"\"\",,\"{\"\"k\"\":1}\"\r\n1,\"x,\"\"y\"\"\",,\"{\"\"k\"\":1}\"\r\n",
                response.body());
        assertTrue(response.complete());
        assertEquals("2", response.trailers().get("Tidepool-Count"));
        assertEquals("false", response.trailers().get("Tidepool-Truncated"));
    }

    @Test
    void theRowCapAppliesToEveryFormat() throws Exception {
        RawResponse ndjson = post("SELECT * FROM range(100000000)", NDJSON);
        List<String> lines = ndjson.body().lines().toList();
        assertEquals(10_001, lines.size());
        assertTrue(lines.get(10_000).contains("\"truncated\":true"));
        RawResponse csv = post("SELECT * FROM range(100000000)", CSV);
        assertEquals(10_001, csv.body().lines().count());
        assertEquals("true", csv.trailers().get("Tidepool-Truncated"));
        assertEquals("10000", csv.trailers().get("Tidepool-Count"));
    }

    @Test
    void aCsvResultThatFailsAfterItsFirstBytesSaysSoInItsTrailers() throws Exception {
        // As in SqlQueryIT: the server blocks writing to this paused client until the 5 s deadline passes.
        RawResponse response = SlowClient.post(TidepoolServer.SDK_PORT, "/db/query",
                "{\"sql\": \"SELECT range AS i, repeat('x', 3000) AS filler FROM range(100000000)\"}", CSV, Duration.ofSeconds(7));
        assertEquals(200, response.status());
        long lines = response.body().lines().count();
        assertTrue(lines > 1 && lines < 10_001, "rows before the deadline: " + lines);
        assertEquals(Long.toString(lines - 1), response.trailers().get("Tidepool-Count"));
        assertEquals("true", response.trailers().get("Tidepool-Truncated"));
        assertTrue(response.trailers().get("Tidepool-Error").startsWith("timeout: query exceeded its 5000 ms deadline"),
                response.trailers().toString());
        assertEquals("ok", TidepoolServer.get(TidepoolServer.sdk("/health")).json().getString("status"));
    }

    @Test
    void anAcceptHeaderWithoutAnyOfTheFormatsIs406() {
        Reply reply = TidepoolServer.send(java.net.http.HttpRequest.newBuilder(TidepoolServer.sdk("/db/query"))
                .header("Content-Type", "application/json").header("Accept", "text/html")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT 1\"}")));
        assertEquals(406, reply.status());
        assertEquals("not_acceptable", reply.errorCode());
    }
}

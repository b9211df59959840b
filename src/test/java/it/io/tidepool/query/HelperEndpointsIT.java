package it.io.tidepool.query;

import static io.tidepool.platform.Jsonp.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.microshed.testing.SharedContainerConfig;
import org.microshed.testing.jaxrs.RESTClient;
import org.microshed.testing.jupiter.MicroShedTest;

import it.io.tidepool.support.ContractTarget;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolImage;
import it.io.tidepool.support.TidepoolServer;
import it.io.tidepool.support.TidepoolUnderTest;

/**
 * The helper endpoints on live demo data through the typed SDK client, compared with the same figures computed
 * through SQL. A contract IT: it runs against the build's server, or the image with -Pimage-tests.
 */
@ExtendWith(ContractTarget.class)
@MicroShedTest
@SharedContainerConfig(TidepoolImage.class)
public class HelperEndpointsIT {

    @RESTClient
    public static SdkApi sdk;

    @Test
    void percentileMatchesTheSameQuantileInSql() {
        JsonObject body = ok(sdk.percentile("payments", "duration", "0.5", "1h"));
        assertEquals("ns", body.getString("unit"));
        assertTrue(body.getInt("count") > 100, body::toString);
        double sql = firstRow("""
                SELECT quantile_cont(duration_ns, 0.5) AS p50 FROM otel_spans_local
                WHERE service_name = 'payments' AND span_kind = 'SERVER' AND start_time > now() - INTERVAL 1 HOUR""")
                .getJsonNumber("p50").doubleValue();
        // Demo traffic keeps arriving between the two reads; the medians of ~10^4 spans barely move.
        assertEquals(sql, body.getJsonNumber("value").doubleValue(), sql * 0.05);
    }

    @Test
    void seedStyleCallWithoutWindowUsesFiveMinutes() {
        JsonObject body = ok(sdk.percentile("checkout", "latency", "0.99", null));
        assertEquals("5m", body.getString("window"));
        assertTrue(body.getJsonNumber("value").doubleValue() > 0);
    }

    @Test
    void histogramPercentileComesFromRedBuckets() {
        JsonObject body = ok(sdk.percentile("inventory", "http.server.request.duration", "0.95", "1h"));
        assertTrue(body.getBoolean("estimated"));
        assertTrue(body.getInt("count") > 0);
        double value = body.getJsonNumber("value").doubleValue();
        assertTrue(value > 1_000_000 && value < 10_000_000_000L, "p95 in ns: " + value);
    }

    @Test
    void errorRateMatchesSql() {
        JsonObject body = ok(sdk.errorRate("payments", "1h"));
        double rate = body.getJsonNumber("value").doubleValue();
        assertTrue(rate > 0 && rate < 0.1, "demo payments fail about 1-2%: " + rate);
        assertEquals(rate, (double) body.getInt("errors") / body.getInt("count"), 1e-12);
    }

    @Test
    void tracesAreSlowServerSpansNewestFirst() {
        JsonObject body = ok(sdk.traces("checkout", "200ms", "1h", "50"));
        JsonArray traces = body.getJsonArray("traces");
        assertEquals(traces.size(), body.getInt("count"));
        assertTrue(traces.size() > 0);
        Instant previous = Instant.MAX;
        for (JsonObject trace : traces.getValuesAs(JsonObject.class)) {
            assertEquals("checkout", trace.getString("service_name"));
            assertTrue(trace.getJsonNumber("duration_ns").longValue() >= 200_000_000L);
            assertEquals(32, trace.getString("trace_id").length());
            Instant start = Instant.parse(trace.getString("start_time"));
            assertTrue(!start.isAfter(previous));
            previous = start;
            for (String field : new String[] {"span_id", "is_error", "http_status", "http_method", "http_route"}) {
                assertTrue(trace.containsKey(field), field);
            }
        }
    }

    @Test
    void systemHelpersAnswerWithTheLatestSample() {
        JsonObject cpu = sdk.cpu();
        double percent = cpu.getJsonNumber("usage_percent").doubleValue();
        assertTrue(percent >= 0 && percent <= 100, cpu::toString);
        assertTrue(Duration.between(Instant.parse(cpu.getString("timestamp")), Instant.now()).toMinutes() < 5);
        JsonObject memory = sdk.memory();
        long used = memory.getJsonNumber("used").longValue();
        long total = memory.getJsonNumber("total").longValue();
        assertTrue(used > 0 && used <= total, memory::toString);
    }

    @Test
    void aServiceWithoutDataGetsAClearEmptyAnswer() {
        JsonObject percentile = ok(sdk.percentile("no-such-service", null, "0.99", null));
        assertTrue(percentile.isNull("value"));
        assertEquals(0, percentile.getInt("count"));
        JsonObject errors = ok(sdk.errorRate("no-such-service", null));
        assertTrue(errors.isNull("value"));
        assertEquals(0, errors.getInt("count"));
        JsonObject traces = ok(sdk.traces("no-such-service", null, null, null));
        assertEquals(0, traces.getInt("count"));
    }

    @ParameterizedTest(name = "percentile service={0} metric={1} p={2} window={3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-        | -   | 0.99 | -   | missing_parameter",
        "payments | -   | -    | -   | missing_parameter",
        "payments | -   | 1.5  | -   | invalid_parameter",
        "payments | -   | abc  | -   | invalid_parameter",
        "payments | -   | 0.5  | 5   | invalid_parameter",
        "payments | -   | 0.5  | -5m | invalid_parameter",
        "payments | -   | 0.5  | 1y  | invalid_parameter",
        "payments | cpu | 0.5  | -   | unknown_metric",
    })
    void percentileRejectsBadParametersWith400(String service, String metric, String p, String window, String code) {
        refused(sdk.percentile(service, metric, p, window), code);
    }

    @ParameterizedTest(name = "error-rate service={0} window={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-        | 5m   | missing_parameter",
        "payments | soon | invalid_parameter",
    })
    void errorRateRejectsBadParametersWith400(String service, String window, String code) {
        refused(sdk.errorRate(service, window), code);
    }

    @ParameterizedTest(name = "traces minDuration={0} timeRange={1} limit={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "fast | -  | -      | invalid_parameter",
        "-    | 0s | -      | invalid_parameter",
        "-    | -  | 0      | invalid_parameter",
        "-    | -  | 100000 | invalid_parameter",
    })
    void tracesRejectBadParametersWith400(String minDuration, String timeRange, String limit, String code) {
        refused(sdk.traces(null, minDuration, timeRange, limit), code);
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
        "error-rate | window      | 99999999h      | 'window' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "percentile | window      | 99999999h      | 'window' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "traces     | timeRange   | 99999999h      | 'timeRange' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "traces     | minDuration | 9999999999999d | 'minDuration' must be a duration 0 or from 1ms to 366d: '9999999999999d' is longer than 366d",
        "traces     | timeRange   | 367d           | 'timeRange' must be a duration from 1ms to 366d: '367d' is longer than 366d",
        "error-rate | window      | PT99999999999H | 'window' must be a duration from 1ms to 366d: 'PT99999999999H' is longer than 366d",
    })
    void aDurationOutsideItsRangeIsA400NamingTheParameterAndTheRange(String helper, String parameter, String value, String message) {
        JsonObject error = refused(withDuration(helper, parameter, value), "invalid_parameter");
        assertEquals(message, error.getString("message"));
    }

    @Test
    void theLongestWindowIsAccepted() {
        assertEquals("366d", ok(withDuration("error-rate", "window", "366d")).getString("window"));
        ok(sdk.traces(null, "366d", "8784h", "1"));
    }

    /** The helper called with one duration parameter set to {@code value}, everything else at its default. */
    private static Response withDuration(String helper, String parameter, String value) {
        return switch (helper + " " + parameter) {
            case "error-rate window" -> sdk.errorRate("payments", value);
            case "percentile window" -> sdk.percentile("payments", null, "0.99", value);
            case "traces timeRange" -> sdk.traces(null, null, value, null);
            case "traces minDuration" -> sdk.traces(null, value, null, null);
            default -> throw new IllegalArgumentException(helper + " " + parameter);
        };
    }

    @Test
    void serviceNamesAreDataNotSql() {
        JsonObject body = ok(sdk.errorRate("payments' OR '1'='1", null));
        assertEquals(0, body.getInt("count"));
    }

    @Test
    void emitStoresTheEventThroughTheWriter() {
        String marker = "it-emit-" + System.nanoTime();
        JsonObject body = ok(sdk.emit(JSON.createObjectBuilder().add("name", marker).add("severity", "warning")
                .add("data", JSON.createObjectBuilder().add("p99_ms", 812).add("tags", JSON.createArrayBuilder().add("a"))).build()));
        assertTrue(body.getBoolean("stored"));
        JsonObject row = firstRow("SELECT severity, data FROM script_events WHERE name = '" + marker + "'");
        assertEquals("warning", row.getString("severity"));
        assertEquals(812, row.getJsonObject("data").getInt("p99_ms"));
    }

    @Test
    void emitValidatesItsBody() {
        refused(sdk.emit(JSON.createObjectBuilder().add("data", JSON.createObjectBuilder()).build()), "missing_field");
        refused(sdk.emit(JSON.createObjectBuilder().add("name", "x").add("severity", "loud").build()), "invalid_field");
    }

    @Test
    void emitRefusesABodyThatIsNotJson() {
        // Not JSON, so not something the typed client can send: plain java.net.http.
        Reply notJson = TidepoolServer.postJson(TidepoolUnderTest.sdk("/emit"), "name=x");
        assertEquals(400, notJson.status());
        assertEquals("invalid_json", notJson.errorCode());
    }

    private static JsonObject firstRow(String sql) {
        JsonObject body = ok(sdk.query(JSON.createObjectBuilder().add("sql", sql).build()));
        return body.getJsonArray("rows").getJsonObject(0);
    }

    private static JsonObject ok(Response response) {
        try (response) {
            JsonObject body = response.readEntity(JsonObject.class);
            assertEquals(200, response.getStatus(), body::toString);
            return body;
        }
    }

    /** The error member of a 400 answer with {@code code}. */
    private static JsonObject refused(Response response, String code) {
        try (response) {
            JsonObject body = response.readEntity(JsonObject.class);
            assertEquals(400, response.getStatus(), body::toString);
            JsonObject error = body.getJsonObject("error");
            assertEquals(code, error.getString("code"), body::toString);
            return error;
        }
    }
}

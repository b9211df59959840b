package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.firstRow;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/** The helper endpoints on live demo data, compared with the same figures computed through SQL. */
class HelperEndpointsIT {

    @Test
    void percentileMatchesTheSameQuantileInSql() {
        JsonObject body = ok(get(sdk("/metrics/percentile?service=payments&metric=duration&p=0.5&window=1h")));
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
        JsonObject body = ok(get(sdk("/metrics/percentile?service=checkout&metric=latency&p=0.99")));
        assertEquals("5m", body.getString("window"));
        assertTrue(body.getJsonNumber("value").doubleValue() > 0);
    }

    @Test
    void histogramPercentileComesFromRedBuckets() {
        JsonObject body = ok(get(sdk("/metrics/percentile?service=inventory&metric=http.server.request.duration&p=0.95&window=1h")));
        assertTrue(body.getBoolean("estimated"));
        assertTrue(body.getInt("count") > 0);
        double value = body.getJsonNumber("value").doubleValue();
        assertTrue(value > 1_000_000 && value < 10_000_000_000L, "p95 in ns: " + value);
    }

    @Test
    void errorRateMatchesSql() {
        JsonObject body = ok(get(sdk("/metrics/error-rate?service=payments&window=1h")));
        double rate = body.getJsonNumber("value").doubleValue();
        assertTrue(rate > 0 && rate < 0.1, "demo payments fail about 1-2%: " + rate);
        assertEquals(rate, (double) body.getInt("errors") / body.getInt("count"), 1e-12);
    }

    @Test
    void tracesAreSlowServerSpansNewestFirst() {
        JsonObject body = ok(get(sdk("/traces/query?service=checkout&minDuration=200ms&timeRange=1h&limit=50")));
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
        JsonObject cpu = ok(get(sdk("/system/cpu")));
        double percent = cpu.getJsonNumber("usage_percent").doubleValue();
        assertTrue(percent >= 0 && percent <= 100, cpu::toString);
        assertTrue(Duration.between(Instant.parse(cpu.getString("timestamp")), Instant.now()).toMinutes() < 5);
        JsonObject memory = ok(get(sdk("/system/memory")));
        long used = memory.getJsonNumber("used").longValue();
        long total = memory.getJsonNumber("total").longValue();
        assertTrue(used > 0 && used <= total, memory::toString);
    }

    @Test
    void aServiceWithoutDataGetsAClearEmptyAnswer() {
        JsonObject percentile = ok(get(sdk("/metrics/percentile?service=no-such-service&p=0.99")));
        assertTrue(percentile.isNull("value"));
        assertEquals(0, percentile.getInt("count"));
        JsonObject errors = ok(get(sdk("/metrics/error-rate?service=no-such-service")));
        assertTrue(errors.isNull("value"));
        assertEquals(0, errors.getInt("count"));
        JsonObject traces = ok(get(sdk("/traces/query?service=no-such-service")));
        assertEquals(0, traces.getInt("count"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/metrics/percentile?p=0.99 | missing_parameter",
        "/metrics/percentile?service=payments | missing_parameter",
        "/metrics/percentile?service=payments&p=1.5 | invalid_parameter",
        "/metrics/percentile?service=payments&p=abc | invalid_parameter",
        "/metrics/percentile?service=payments&p=0.5&window=5 | invalid_parameter",
        "/metrics/percentile?service=payments&p=0.5&window=-5m | invalid_parameter",
        "/metrics/percentile?service=payments&p=0.5&window=1y | invalid_parameter",
        "/metrics/percentile?service=payments&p=0.5&metric=cpu | unknown_metric",
        "/metrics/error-rate?window=5m | missing_parameter",
        "/metrics/error-rate?service=payments&window=soon | invalid_parameter",
        "/traces/query?minDuration=fast | invalid_parameter",
        "/traces/query?timeRange=0s | invalid_parameter",
        "/traces/query?limit=0 | invalid_parameter",
        "/traces/query?limit=100000 | invalid_parameter",
    })
    void rejectsBadParametersWith400(String path, String code) {
        Reply reply = get(sdk(path));
        assertEquals(400, reply.status(), reply::toString);
        assertEquals(code, reply.errorCode());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/metrics/error-rate?service=payments&window=99999999h | 'window' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "/metrics/percentile?service=payments&p=0.99&window=99999999h | 'window' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "/traces/query?timeRange=99999999h | 'timeRange' must be a duration from 1ms to 366d: '99999999h' is longer than 366d",
        "/traces/query?minDuration=9999999999999d | 'minDuration' must be a duration 0 or from 1ms to 366d: '9999999999999d' is longer than 366d",
        "/traces/query?timeRange=367d | 'timeRange' must be a duration from 1ms to 366d: '367d' is longer than 366d",
        "/metrics/error-rate?service=payments&window=PT99999999999H | 'window' must be a duration from 1ms to 366d: 'PT99999999999H' is longer than 366d",
    })
    void aDurationOutsideItsRangeIsA400NamingTheParameterAndTheRange(String path, String message) {
        Reply reply = get(sdk(path));

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_parameter", reply.errorCode());
        assertEquals(message, reply.errorMessage());
    }

    @Test
    void theLongestWindowIsAccepted() {
        assertEquals("366d", ok(get(sdk("/metrics/error-rate?service=payments&window=366d"))).getString("window"));
        assertEquals(200, get(sdk("/traces/query?timeRange=8784h&minDuration=366d&limit=1")).status());
    }

    @Test
    void serviceNamesAreDataNotSql() {
        JsonObject body = ok(get(sdk("/metrics/error-rate?service=" + java.net.URLEncoder.encode(
                "payments' OR '1'='1", java.nio.charset.StandardCharsets.UTF_8))));
        assertEquals(0, body.getInt("count"));
    }

    @Test
    void emitStoresTheEventThroughTheWriter() {
        String marker = "it-emit-" + System.nanoTime();
        Reply reply = TidepoolServer.postJson(sdk("/emit"), Json.createObjectBuilder().add("name", marker)
                .add("severity", "warning").add("data", Json.createObjectBuilder().add("p99_ms", 812).add("tags",
                        Json.createArrayBuilder().add("a"))).build().toString());
        JsonObject body = ok(reply);
        assertTrue(body.getBoolean("stored"));
        JsonObject row = firstRow("SELECT severity, data FROM script_events WHERE name = '" + marker + "'");
        assertEquals("warning", row.getString("severity"));
        assertEquals(812, row.getJsonObject("data").getInt("p99_ms"));
    }

    @Test
    void emitValidatesItsBody() {
        Reply noName = TidepoolServer.postJson(sdk("/emit"), "{\"data\": {}}");
        assertEquals(400, noName.status());
        assertEquals("missing_field", noName.errorCode());
        Reply badSeverity = TidepoolServer.postJson(sdk("/emit"), "{\"name\": \"x\", \"severity\": \"loud\"}");
        assertEquals(400, badSeverity.status());
        assertEquals("invalid_field", badSeverity.errorCode());
        Reply notJson = TidepoolServer.postJson(sdk("/emit"), "name=x");
        assertEquals(400, notJson.status());
        assertEquals("invalid_json", notJson.errorCode());
    }

    private static JsonObject ok(Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }
}

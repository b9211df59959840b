package it.io.tidepool.ingest;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import it.io.tidepool.support.TidepoolServer;

/**
 * Helper answers come from a cache keyed by the writer's data version: repeated requests are
 * served without a query, yet an answer never misses a commit that was acknowledged before it.
 */
class CachedHelpersIT {

    @Test
    void anAcknowledgedSpanIsCountedByTheVeryNextHelperRequest() {
        String service = "cache-it-" + System.nanoTime();
        int sent = 0;
        for (int round = 1; round <= 5; round++) {
            Span.Builder[] spans = new Span.Builder[round];
            for (int i = 0; i < round; i++) {
                spans[i] = OtlpClient.serverSpan("GET /cached", 10 + i);
                if (i == 0) {
                    spans[i].setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                }
            }
            OtlpClient.Answer answer = OtlpClient.post(TidepoolServer.otlp("/v1/traces"), OtlpClient.PROTOBUF, null,
                    OtlpClient.traces(service, spans).toByteArray());
            assertEquals(200, answer.status(), answer::toString);
            sent += round;
            JsonObject rate = get(sdk("/metrics/error-rate?service=" + service + "&window=5m")).json();
            assertEquals(sent, rate.getInt("count"), "round " + round + ": " + rate);
            assertEquals(round, rate.getInt("errors"));
            JsonObject percentile = get(sdk("/metrics/percentile?service=" + service + "&p=0.5&window=5m")).json();
            assertEquals(sent, percentile.getInt("count"), "round " + round + ": " + percentile);
        }
    }

    @Test
    void allServicesAndAServiceNamedNullNeverShareAnAnswer() {
        OtlpClient.Answer stored = OtlpClient.post(TidepoolServer.otlp("/v1/traces"), OtlpClient.PROTOBUF, null,
                OtlpClient.traces("null", OtlpClient.serverSpan("GET /null", 5)).toByteArray());
        assertEquals(200, stored.status(), stored::toString);
        // Both orders, each pair within one second; the demo commits a few times a second, so most pairs also fall
        // within one data version, where the old text keys ("traces" + "null") made them share one answer.
        for (int i = 0; i < 20; i++) {
            JsonObject all = get(sdk("/traces/query?timeRange=5m&limit=50")).json();
            JsonObject onlyNull = get(sdk("/traces/query?service=null&timeRange=5m&limit=50")).json();
            assertTrue(services(all).size() > 1, "all services: " + services(all));
            assertEquals(Set.of("null"), services(onlyNull));
            JsonObject onlyNullFirst = get(sdk("/traces/query?service=null&timeRange=5m&limit=50")).json();
            JsonObject allAfter = get(sdk("/traces/query?timeRange=5m&limit=50")).json();
            assertEquals(Set.of("null"), services(onlyNullFirst));
            assertTrue(services(allAfter).size() > 1, "all services after the null one: " + services(allAfter));
        }
    }

    private static Set<String> services(JsonObject traces) {
        Set<String> names = new TreeSet<>();
        traces.getJsonArray("traces").forEach(trace -> names.add(trace.asJsonObject().getString("service_name")));
        return names;
    }

    @Test
    void repeatedRequestsAreServedFromTheCache() {
        long hitsBefore = cacheHits();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, get(sdk("/metrics/percentile?service=payments&p=0.99&window=5m")).status());
        }
        assertTrue(cacheHits() > hitsBefore, "no cache hit in 50 identical requests");
    }

    private static long cacheHits() {
        String metrics = get(management("/metrics?scope=application")).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("tidepool_query_cache_total{") && line.contains("result=\"hit\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}

package it.io.tidepool.ingest;

import static io.tidepool.platform.Jsonp.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.microshed.testing.SharedContainerConfig;
import org.microshed.testing.jaxrs.RESTClient;
import org.microshed.testing.jupiter.MicroShedTest;

import it.io.tidepool.query.SdkApi;
import it.io.tidepool.support.ContractTarget;
import it.io.tidepool.support.TidepoolImage;
import it.io.tidepool.support.TidepoolUnderTest;

/**
 * OTLP/HTTP with JSON bodies through a typed client, read back through the typed SDK client: what is valid is
 * stored, what is not is reported as a partial success. A contract IT: it runs against the build's server, or the
 * image with -Pimage-tests. Protobuf, gzip and malformed bodies stay in {@link OtlpReceiverIT} (raw bytes).
 */
@ExtendWith(ContractTarget.class)
@MicroShedTest
@SharedContainerConfig(TidepoolImage.class)
public class OtlpJsonIT {

    @RESTClient
    public static SdkApi sdk;

    private static OtlpApi otlp;

    @BeforeAll
    static void client() {
        otlp = TidepoolUnderTest.otlpClient(OtlpApi.class);
    }

    @Test
    void jsonWithHexIdsIsAnsweredInJsonWithPartialSuccess() {
        String service = "it-otlp-json-" + Long.toString(System.nanoTime(), 36);
        long end = System.currentTimeMillis() * 1_000_000L;
        JsonArrayBuilder spans = JSON.createArrayBuilder()
                .add(span(OtlpClient.hex(16).toUpperCase(), OtlpClient.hex(8), "GET /cart", end - 5_000_000, end).add("kind", 2)
                        .add("attributes", JSON.createArrayBuilder()
                                .add(attribute("http.method", JSON.createObjectBuilder().add("stringValue", "GET")))
                                .add(attribute("http.status_code", JSON.createObjectBuilder().add("intValue", "200")))))
                .add(span(OtlpClient.hex(16), "", "no span id", end - 1, end))
                .add(span(OtlpClient.hex(16), OtlpClient.hex(8), "ends first", end, end - 1));
        JsonObject request = JSON.createObjectBuilder().add("resourceSpans", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                .add("resource", JSON.createObjectBuilder().add("attributes", JSON.createArrayBuilder()
                        .add(attribute("service.name", JSON.createObjectBuilder().add("stringValue", service)))))
                .add("scopeSpans", JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("spans", spans))))).build();

        JsonObject partial;
        try (Response answer = otlp.traces(request)) {
            assertEquals(200, answer.getStatus());
            assertEquals(MediaType.APPLICATION_JSON_TYPE, answer.getMediaType());
            partial = answer.readEntity(JsonObject.class).getJsonObject("partialSuccess");
        }
        assertEquals("2", partial.getString("rejectedSpans"), partial::toString);
        String message = partial.getString("errorMessage");
        assertTrue(message.contains("invalid span id") && message.contains("ends before it starts"), message);

        JsonArray stored;
        try (Response rows = sdk.query(JSON.createObjectBuilder().add("sql",
                "SELECT span_name, http_method, http_status FROM otel_spans_local WHERE service_name = $1")
                .add("params", JSON.createArrayBuilder().add(service)).build())) {
            stored = rows.readEntity(JsonObject.class).getJsonArray("rows");
        }
        assertEquals(1, stored.size(), "nothing is stored from an invalid span");
        assertEquals("GET /cart", stored.getJsonObject(0).getString("span_name"));
        assertEquals("GET", stored.getJsonObject(0).getString("http_method"));
        assertEquals(200, stored.getJsonObject(0).getInt("http_status"));
    }

    private static JsonObjectBuilder span(String traceId, String spanId, String name, long startNanos, long endNanos) {
        return JSON.createObjectBuilder().add("traceId", traceId).add("spanId", spanId).add("name", name)
                .add("startTimeUnixNano", Long.toString(startNanos)).add("endTimeUnixNano", Long.toString(endNanos));
    }

    private static JsonObjectBuilder attribute(String key, JsonObjectBuilder value) {
        return JSON.createObjectBuilder().add("key", key).add("value", value);
    }
}

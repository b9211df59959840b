package it.io.tidepool.ingest;

import static it.io.tidepool.support.TidepoolServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;

/** What the load tests check at the end: every acknowledged span of their service stored, each exactly once. */
final class StoredSpans {

    private StoredSpans() {
    }

    static void assertExactlyOnce(String service, long acknowledged) {
        JsonObject stored = rows("SELECT count(*) AS total, count(DISTINCT span_id) AS distinct_ids FROM otel_spans_local "
                + "WHERE service_name = '" + service + "'").getJsonObject(0);
        long total = stored.getJsonNumber("total").longValue();
        assertEquals(acknowledged, total, "every acknowledged span is stored, and nothing else");
        assertEquals(total, stored.getJsonNumber("distinct_ids").longValue(), "each span exactly once");
    }
}

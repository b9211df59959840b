package io.tidepool.query.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.json.JsonObject;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.JsonArbitraries;

/** Generated bodies of {@code POST /db/query} and {@code POST /emit}: a valid request or a 400, never anything else. */
class RequestBodiesPropertiesTest {

    @Property(tries = 2000)
    void aQueryBodyIsARequestOrA400(@ForAll("queryBodies") JsonObject body) {
        try {
            SqlRequest request = SqlRequest.from(body);
            assertFalse(request.sql().isBlank());
            assertTrue(request.params() != null);
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertTrue(List.of("missing_field", "empty_sql", "invalid_params").contains(e.code()), e.code());
        }
    }

    @Property(tries = 2000)
    void anEventBodyIsAnEventOrA400(@ForAll("eventBodies") JsonObject body) {
        try {
            ScriptEvent event = ScriptEvent.from(body);
            assertFalse(event.name().isBlank());
            assertTrue(event.name().length() <= ScriptEvent.MAX_NAME_LENGTH);
            assertTrue(ScriptEvent.SEVERITIES.contains(event.severity()), event.severity());
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertTrue(List.of("missing_field", "invalid_field").contains(e.code()), e.code());
        }
    }

    @Provide
    Arbitrary<JsonObject> queryBodies() {
        return JsonArbitraries.objects(List.of("sql", "params"), 2);
    }

    @Provide
    Arbitrary<JsonObject> eventBodies() {
        return JsonArbitraries.objects(List.of("name", "severity", "data"), 2);
    }
}

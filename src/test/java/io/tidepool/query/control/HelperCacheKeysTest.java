package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidepool.query.entity.LatencyMetric;

/**
 * Two different helper requests never share a cached answer: keys compare typed parameters, so no
 * text can stand in for another value, and a missing parameter is no text at all. Under the earlier
 * keys (parameters joined as text) an absent service and a service named "null" shared one answer.
 */
class HelperCacheKeysTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void tracesOfAllServicesAndOfAServiceNamedNullAreDifferentRequests() {
        assertNotEquals(TelemetryHelpers.key("traces", null, Duration.ZERO, FIVE_MINUTES, 100),
                TelemetryHelpers.key("traces", "null", Duration.ZERO, FIVE_MINUTES, 100));
        assertEquals(TelemetryHelpers.key("traces", null, Duration.ZERO, FIVE_MINUTES, 100),
                TelemetryHelpers.key("traces", null, Duration.ZERO, Duration.ofSeconds(300), 100), "the same request");
    }

    @Test
    void aServiceNameCannotImitateTheSeparationOfTwoParameters() {
        // Joined with a NUL character, ("a\u0000PT0S", null) and ("a", "PT0S" ...) could meet; typed parts cannot.
        assertNotEquals(TelemetryHelpers.key("error-rate", "a\u0000PT5M", FIVE_MINUTES),
                TelemetryHelpers.key("error-rate", "a", FIVE_MINUTES));
        assertNotEquals(TelemetryHelpers.key("traces", "a", Duration.ZERO, FIVE_MINUTES, 100),
                TelemetryHelpers.key("traces", "a", Duration.ZERO, FIVE_MINUTES, 101));
    }

    @Test
    void percentileKeysTellEveryParameterApart() {
        List<Object> base = TelemetryHelpers.key("percentile", "payments", LatencyMetric.REQUEST_DURATION, 0.99, FIVE_MINUTES);

        assertNotEquals(base, TelemetryHelpers.key("percentile", "payments", LatencyMetric.SPAN_DURATION, 0.99, FIVE_MINUTES));
        assertNotEquals(base, TelemetryHelpers.key("percentile", "payments", LatencyMetric.REQUEST_DURATION, 0.999, FIVE_MINUTES));
        assertNotEquals(base, TelemetryHelpers.key("percentile", "payments", LatencyMetric.REQUEST_DURATION, 0.99, Duration.ofMinutes(6)));
        assertNotEquals(base, TelemetryHelpers.key("percentile", "checkout", LatencyMetric.REQUEST_DURATION, 0.99, FIVE_MINUTES));
        assertNotEquals(base, TelemetryHelpers.key("error-rate", "payments", LatencyMetric.REQUEST_DURATION, 0.99, FIVE_MINUTES));
    }

    @Test
    void hostKeysCompareTheListOfMetricNames() {
        assertNotEquals(TelemetryHelpers.key("host", List.of("system.cpu.utilization")),
                TelemetryHelpers.key("host", List.of("system.memory.usage", "system.memory.limit")));
        assertNotEquals(TelemetryHelpers.key("host", List.of("a,b")), TelemetryHelpers.key("host", List.of("a", "b")));
    }
}

package io.tidepool.query.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.tidepool.platform.ApiException;

/** Generated query parameters: each helper parameter is a valid value or a 400 that names the parameter. */
class QueryParamsPropertiesTest {

    private static <T> T validOr400(String parameter, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertTrue(e.code().equals("invalid_parameter") || e.code().equals("missing_parameter"), e.code());
            assertTrue(e.getMessage().contains("'" + parameter + "'"), e.getMessage());
            return null;
        }
    }

    @Property(tries = 3000)
    void aWindowIsFromOneMillisecondToTheMaximumOrA400(@ForAll("durations") String text) {
        Duration window = validOr400("window", () -> QueryParams.duration("window", text, Duration.ofMinutes(5)));
        if (window != null) {
            assertTrue(window.compareTo(Duration.ofMillis(1)) >= 0 && window.compareTo(QueryParams.MAX_DURATION) <= 0, window::toString);
            window.toNanos();
        }
    }

    @Property(tries = 2000)
    void aMinimumDurationIsZeroOrInRangeOrA400(@ForAll("durations") String text) {
        Duration minimum = validOr400("minDuration", () -> QueryParams.durationOrZero("minDuration", text));
        if (minimum != null) {
            assertTrue(!minimum.isNegative() && minimum.compareTo(QueryParams.MAX_DURATION) <= 0, minimum::toString);
        }
    }

    @Property(tries = 1000)
    void aLimitIsInRangeOrA400(@ForAll("numbers") String text) {
        Integer limit = validOr400("limit", () -> QueryParams.limit(text, 100, 10_000));
        if (limit != null) {
            assertTrue(limit >= 1 && limit <= 10_000, limit::toString);
        }
    }

    @Property(tries = 1000)
    void aQuantileIsFromZeroToOneOrA400(@ForAll("numbers") String text) {
        Double p = validOr400("p", () -> QueryParams.quantile(text));
        if (p != null) {
            assertTrue(p >= 0 && p <= 1, p::toString);
        }
    }

    @Property(tries = 500)
    void aServiceIsANonBlankNameOrA400(@ForAll String text) {
        String service = validOr400("service", () -> QueryParams.service(text));
        if (service != null) {
            assertEquals(text, service);
        }
    }

    @Property(tries = 200)
    void outOfRangeWindowsNameTheParameterAndTheRange(@ForAll("tooLong") String text) {
        ApiException e = assertThrows(ApiException.class, () -> QueryParams.duration("timeRange", text, Duration.ofHours(1)));
        assertTrue(e.getMessage().startsWith("'timeRange' must be a duration from 1ms to 366d: "), e.getMessage());
    }

    @Provide
    Arbitrary<String> durations() {
        return Arbitraries.oneOf(
                Arbitraries.strings(),
                Arbitraries.longs().map(n -> n + "h"),
                Arbitraries.longs().between(0, 1_000_000_000_000L).flatMap(n -> Arbitraries.of("ms", "s", "m", "h", "d", "x").map(u -> n + u)),
                Arbitraries.of("0", "0s", "-5m", "PT99999999999H", "P106752D", "99999999h", "1y", " 5m ", "5 m"));
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.strings(), Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf), Arbitraries.of("NaN", "Infinity", "-0", "1e400", "0x10", " 7 "));
    }

    @Provide
    Arbitrary<String> tooLong() {
        return Arbitraries.oneOf(Arbitraries.longs().between(367, 999_999_999_999L).map(n -> n + "d"),
                Arbitraries.longs().between(366L * 24 + 1, 999_999_999_999L).map(n -> n + "h"));
    }
}

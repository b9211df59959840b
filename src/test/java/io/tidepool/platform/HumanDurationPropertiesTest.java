package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Generated input for {@link HumanDuration}: it answers every text with a usable duration or a clear refusal. */
class HumanDurationPropertiesTest {

    /** Accepted: positive, whole milliseconds, at most MAX (so toNanos cannot overflow). Refused: an IllegalArgumentException only. */
    private static void acceptedSafelyOrRefused(String text, Duration max) {
        Duration parsed;
        try {
            parsed = HumanDuration.parse(text, max);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            return;
        }
        assertTrue(!parsed.isNegative() && !parsed.isZero(), () -> text + " -> " + parsed);
        assertTrue(parsed.compareTo(max) <= 0, () -> text + " -> " + parsed + " is above " + max);
        assertEquals(0, parsed.getNano() % 1_000_000, () -> text + " -> " + parsed);
        parsed.toNanos();
        assertEquals(parsed, HumanDuration.parse(HumanDuration.format(parsed)), () -> text + " does not survive format");
    }

    @Property(tries = 2000)
    void anyTextIsAcceptedSafelyOrRefused(@ForAll String text) {
        acceptedSafelyOrRefused(text, HumanDuration.MAX);
    }

    @Property(tries = 3000)
    void anyAmountInAnyUnitIsAcceptedSafelyOrRefused(@ForAll("amountsAndUnits") String text) {
        acceptedSafelyOrRefused(text, HumanDuration.MAX);
        acceptedSafelyOrRefused(text, Duration.ofDays(366));
    }

    @Property(tries = 1000)
    void anIsoDurationIsAcceptedSafelyOrRefused(@ForAll("isoDurations") String text) {
        acceptedSafelyOrRefused(text, HumanDuration.MAX);
    }

    @Property(tries = 2000)
    void formatIsReadBackExactly(@ForAll @LongRange(min = 1, max = 36_500L * 86_400_000) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertEquals(duration, HumanDuration.parse(HumanDuration.format(duration)));
    }

    @Property(tries = 1000)
    void anythingLongerThanTheMaximumIsRefusedNamingIt(@ForAll @LongRange(min = 367, max = 999_999_999_999L) long days) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HumanDuration.parse(days + "d", Duration.ofDays(366)));
        assertEquals("'" + days + "d' is longer than 366d", e.getMessage());
    }

    @Property(tries = 1000)
    void formatNeverOverflows(@ForAll long seconds) {
        assertTrue(HumanDuration.format(Duration.ofSeconds(seconds)).matches("-?\\d+(s|m|h|d)"));
    }

    @Provide
    Arbitrary<String> amountsAndUnits() {
        Arbitrary<String> amount = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1000).map(String::valueOf),
                Arbitraries.longs().greaterOrEqual(0).map(String::valueOf),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25),
                Arbitraries.of("-1", "+5", "1.5", "1e3", "0x10", "٣", "１"));
        Arbitrary<String> unit = Arbitraries.of("ms", "s", "m", "h", "d", "MS", "H", "", "y", "w", " s", "us", "ns");
        Arbitrary<String> space = Arbitraries.of("", " ", "\t");
        return Combinators.combine(space, amount, unit, space).as((a, n, u, b) -> a + n + u + b);
    }

    @Provide
    Arbitrary<String> isoDurations() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf), Arbitraries.integers().between(0, 100).map(String::valueOf));
        Arbitrary<String> unit = Arbitraries.of("D", "H", "M", "S");
        return Combinators.combine(Arbitraries.of("P", "PT", "p", "-PT", "P1DT"), number, unit).as((p, n, u) -> p + n + u);
    }
}

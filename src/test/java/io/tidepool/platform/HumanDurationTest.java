package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "2d, 172800000",
        "' 15M ', 900000",
        "PT30S, 30000",
        "PT1H30M, 5400000",
    })
    void parsesTheUnitsScriptsWrite(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), HumanDuration.parse(text));
    }

    @ParameterizedTest(name = "rejects \"{0}\"")
    @ValueSource(strings = {"", " ", "5", "m", "5x", "-5m", "0s", "1.5h", "5 m", "1y", "5mm", "ms", "PT-1S", "P0D",
        "99999999999999m"})
    void rejectsAnythingElseWithAMessageSayingWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(text));
        assertEquals(true, e.getMessage().contains(HumanDuration.ACCEPTED), e.getMessage());
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> HumanDuration.parse(null));
    }

    @ParameterizedTest(name = "{0} ms formats as {1}")
    @CsvSource({"250, 250ms", "30000, 30s", "300000, 5m", "3600000, 1h", "86400000, 1d", "90000, 90s"})
    void formatsInTheLargestExactUnit(long millis, String text) {
        assertEquals(text, HumanDuration.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), HumanDuration.parse(text));
    }
}

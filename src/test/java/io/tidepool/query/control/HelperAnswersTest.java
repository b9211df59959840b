package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class HelperAnswersTest {

    private final AtomicLong version = new AtomicLong(7);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.100Z"));
    private final List<String> counted = new ArrayList<>();
    private final AtomicInteger computed = new AtomicInteger();
    private final HelperAnswers answers = HelperAnswers.of(2, version::get, clock, counted::add);

    private String answer(String key) {
        return answers.get(key, () -> key + "#" + computed.incrementAndGet());
    }

    @Test
    void reusesAnAnswerWhileTheDataVersionAndTheSecondStayTheSame() {
        assertEquals("a#1", answer("a"));
        clock.advance(800);
        assertEquals("a#1", answer("a"));
        assertEquals(List.of("miss", "hit"), counted);
    }

    @Test
    void aCommitMakesTheNextRequestComputeAgain() {
        assertEquals("a#1", answer("a"));
        version.incrementAndGet();
        assertEquals("a#2", answer("a"));
        assertEquals("a#2", answer("a"));
    }

    @Test
    void aNewSecondMakesTheNextRequestComputeAgainBecauseWindowsSlide() {
        assertEquals("a#1", answer("a"));
        clock.advance(900);
        assertEquals("a#2", answer("a"));
    }

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        answer("a");
        answer("b");
        answer("a");
        answer("c");
        assertEquals("a#1", answer("a"));
        assertEquals("b#4", answer("b"));
        assertEquals(2, counted.stream().filter("eviction"::equals).count());
    }

    @Test
    void failuresAreNotRemembered() {
        assertThrows(IllegalStateException.class, () -> answers.get("x", () -> {
            throw new IllegalStateException("timeout");
        }));
        assertEquals("x#1", answer("x"));
    }

    @Test
    void aCapacityOfZeroTurnsTheCacheOff() {
        HelperAnswers off = HelperAnswers.of(0, version::get, clock, counted::add);
        assertEquals("k1", off.get("k", () -> "k" + computed.incrementAndGet()));
        assertEquals("k2", off.get("k", () -> "k" + computed.incrementAndGet()));
        assertEquals(List.of(), counted);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

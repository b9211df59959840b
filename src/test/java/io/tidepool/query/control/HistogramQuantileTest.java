package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramQuantileTest {

    private static final long[] BOUNDS = {10, 20, 50, 100};

    @Test
    void interpolatesInsideTheBucketHoldingTheRank() {
        // 100 observations: 40 in (0,10], 40 in (10,20], 20 in (20,50]
        long[] counts = {40, 40, 20, 0, 0};
        assertEquals(5.0, HistogramQuantile.estimate(BOUNDS, counts, 0.2), 1e-9);
        assertEquals(10.0, HistogramQuantile.estimate(BOUNDS, counts, 0.4), 1e-9);
        assertEquals(12.5, HistogramQuantile.estimate(BOUNDS, counts, 0.5), 1e-9);
        assertEquals(35.0, HistogramQuantile.estimate(BOUNDS, counts, 0.9), 1e-9);
        assertEquals(50.0, HistogramQuantile.estimate(BOUNDS, counts, 1.0), 1e-9);
    }

    @Test
    void skipsEmptyBuckets() {
        long[] counts = {0, 0, 10, 0, 0};
        assertEquals(20.0 + 30.0 * 0.5, HistogramQuantile.estimate(BOUNDS, counts, 0.5), 1e-9);
        assertEquals(20.0, HistogramQuantile.estimate(BOUNDS, counts, 0.0), 1e-9);
    }

    @Test
    void aRankInTheOpenLastBucketAnswersTheLargestBound() {
        long[] counts = {1, 0, 0, 0, 99};
        assertEquals(100.0, HistogramQuantile.estimate(BOUNDS, counts, 0.99), 1e-9);
    }

    @Test
    void anEmptyHistogramHasNoQuantile() {
        assertTrue(Double.isNaN(HistogramQuantile.estimate(BOUNDS, new long[5], 0.5)));
    }

    @Test
    void refusesCountsThatDoNotMatchTheBounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistogramQuantile.estimate(BOUNDS, new long[4], 0.5));
        assertEquals("expected 5 bucket counts, got 4", e.getMessage());
    }
}

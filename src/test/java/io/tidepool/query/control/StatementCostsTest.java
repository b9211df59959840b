package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StatementCostsTest {

    private static final long MS = 1_000_000;
    private final StatementCosts costs = new StatementCosts(Duration.ofMillis(10));

    @Test
    void aStatementNeverSeenIsNotLightAndHasNoExpectedTime() {
        assertFalse(costs.isLight("SELECT 1"));
        assertEquals(-1, costs.expectedNanos("SELECT 1"));
    }

    @Test
    void aStatementThatReadsNothingIsAssumedLightUntilItShowsOtherwise() {
        costs.assumeLight("SELECT 42");
        assertTrue(costs.isLight("SELECT 42"));

        costs.record("SELECT 42", 100 * MS);
        costs.record("SELECT 42", 100 * MS);
        costs.assumeLight("SELECT 42");
        assertFalse(costs.isLight("SELECT 42"), "what it showed stays");
    }

    @Test
    void aStatementThatRanQuicklyIsLight() {
        costs.record("SELECT 1", MS / 10);

        assertTrue(costs.isLight("SELECT 1"));
        assertFalse(costs.isLight("SELECT 2"), "the cost is per exact text");
    }

    @Test
    void aLightStatementThatTurnsSlowLeavesTheLightLane() {
        costs.record("SELECT count(*) FROM t", MS);
        costs.record("SELECT count(*) FROM t", 100 * MS);

        assertFalse(costs.isLight("SELECT count(*) FROM t"));
    }

    @Test
    void oneSlowRunAmongQuickOnesDoesNotMakeAStatementHeavy() {
        for (int i = 0; i < 10; i++) {
            costs.record("SELECT 1", MS);
        }
        costs.record("SELECT 1", 20 * MS);

        assertTrue(costs.isLight("SELECT 1"));
    }
}

package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StatementCostsTest {

    private static final long MS = 1_000_000;
    private final StatementCosts costs = new StatementCosts(Duration.ofMillis(10));

    @Test
    void aStatementNeverSeenIsNotLight() {
        assertFalse(costs.isLight("SELECT 1"));
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

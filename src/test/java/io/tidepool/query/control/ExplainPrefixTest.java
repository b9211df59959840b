package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExplainPrefixTest {

    @Test
    void findsExplainAfterWhitespaceAndComments() {
        ExplainPrefix explain = ExplainPrefix.of("  -- why is this slow?\n /* a /* nested */ comment */ explain\tSELECT 1");
        assertFalse(explain.analyze());
        assertEquals("SELECT 1", explain.statement());
        assertEquals("EXPLAIN SELECT 1", explain.rebuild());
    }

    @Test
    void recognisesAnalyzeInBothSpellings() {
        assertTrue(ExplainPrefix.of("EXPLAIN ANALYZE SELECT 1").analyze());
        ExplainPrefix british = ExplainPrefix.of("explain analyse SELECT 1");
        assertTrue(british.analyze());
        assertEquals("EXPLAIN ANALYZE SELECT 1", british.rebuild());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "EXPLAINED", "explain(SELECT 1)", "/* EXPLAIN */ DELETE FROM t", "-- EXPLAIN\nDELETE FROM t", ""})
    void isAbsentForAnythingElse(String sql) {
        assertNull(ExplainPrefix.of(sql));
    }

    @Test
    void anUnterminatedCommentHidesEverythingAfterIt() {
        assertNull(ExplainPrefix.of("/* EXPLAIN SELECT 1"));
    }
}

package io.tidepool.export.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class WindowKeyTest {

    @Test
    void laysOutHivePartitionsByDateHourAndNodeInUtc() {
        WindowKey key = new WindowKey("otel_spans_local", Instant.parse("2026-12-02T23:55:00Z"), "node-a", 1);
        assertEquals("otel_spans_local/date=2026-12-02/hour=23/node=node-a/20261202T235500Z-1.parquet", key.path());
    }

    @Test
    void aLaterFileOfTheSameWindowGetsTheNextSequenceNumber() {
        WindowKey key = new WindowKey("script_events", Instant.parse("2026-01-01T00:05:00Z"), "n", 2);
        assertEquals("script_events/date=2026-01-01/hour=00/node=n/20260101T000500Z-2.parquet", key.path());
    }

    @Test
    void refusesASequenceNumberBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowKey("t", Instant.EPOCH, "n", 0));
        assertEquals("the sequence number of a window's file starts at 1, not 0", e.getMessage());
    }
}

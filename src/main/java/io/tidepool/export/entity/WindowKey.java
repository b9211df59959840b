package io.tidepool.export.entity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where one export file of a table's time window goes, relative to the target's root:
 * {@code {table}/date=YYYY-MM-DD/hour=HH/node={node}/{window-start}-{seq}.parquet}. The sequence
 * number counts the files of that window (1, then 2 for rows that arrived after the first, ...).
 */
public record WindowKey(String table, Instant windowStart, String node, int seq) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public WindowKey {
        if (seq < 1) {
            throw new IllegalArgumentException("the sequence number of a window's file starts at 1, not " + seq);
        }
    }

    public String path() {
        return table + "/date=" + DATE.format(windowStart) + "/hour=" + HOUR.format(windowStart) + "/node=" + node + "/"
                + START.format(windowStart) + "-" + seq + ".parquet";
    }
}

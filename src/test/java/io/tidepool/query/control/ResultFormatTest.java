package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultFormatTest {

    @Test
    void takesTheFirstOfOurFormatsInTheCallersOrder() {
        assertEquals(ResultFormat.JSON, ResultFormat.preferred(List.of()));
        assertEquals(ResultFormat.JSON, ResultFormat.preferred(List.of("*/*")));
        assertEquals(ResultFormat.NDJSON, ResultFormat.preferred(List.of("application/x-ndjson")));
        assertEquals(ResultFormat.NDJSON, ResultFormat.preferred(List.of("application/ndjson; charset=utf-8")));
        assertEquals(ResultFormat.CSV, ResultFormat.preferred(List.of("text/html", "text/csv;q=0.9", "*/*;q=0.1")));
        assertEquals(ResultFormat.JSON, ResultFormat.preferred(List.of("text/html", "application/xhtml+xml", "*/*;q=0.8")));
    }

    @Test
    void isAbsentWhenTheCallerAcceptsNoneOfThem() {
        assertNull(ResultFormat.preferred(List.of("text/html", "application/xml")));
    }
}

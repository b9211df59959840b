package io.tidepool.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.ibm.websphere.logging.hpel.LogRecordContext;

class LogEventTest {

    /** What Liberty's handler would see: each record with the thread's extensions at the moment it was published. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new ArrayList<>();
        final List<Map<String, String>> extensions = new ArrayList<>();

        @Override
        public void publish(LogRecord record) {
            Map<String, String> now = new HashMap<>();
            LogRecordContext.getExtensions(now);
            records.add(record);
            extensions.add(now);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private final Logger logger = Logger.getLogger(LogEventTest.class.getName());
    private final Capture capture = new Capture();

    @BeforeEach
    void attach() {
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
    }

    @AfterEach
    void detach() {
        logger.removeHandler(capture);
    }

    @Test
    void attachesTypedFieldsToTheOneRecordAndKeepsTheSentence() {
        LogEvent.named("slow_query").field("endpoint", "/db/query").field("duration_ms", 2412).field("readers_drained", true)
                .log(logger, Level.WARNING, () -> "Slow query on /db/query took 2412 ms.");

        assertEquals(1, capture.records.size());
        assertEquals("Slow query on /db/query took 2412 ms.", capture.records.get(0).getMessage());
        assertEquals(Level.WARNING, capture.records.get(0).getLevel());
        Map<String, String> fields = capture.extensions.get(0);
        assertEquals("slow_query", fields.get("event"));
        assertEquals("/db/query", fields.get("endpoint"));
        assertEquals("2412", fields.get("duration_ms_long"));
        assertEquals("true", fields.get("readers_drained_bool"));
    }

    @Test
    void namesTheCallerAsTheSourceNotItself() {
        LogEvent.named("script_run").log(logger, Level.INFO, () -> "Script hello run r1 succeeded.");

        assertEquals(LogEventTest.class.getName(), capture.records.get(0).getSourceClassName());
        assertEquals("namesTheCallerAsTheSourceNotItself", capture.records.get(0).getSourceMethodName());
    }

    @Test
    void leavesNoFieldsOnTheThreadForLaterLines() {
        LogEvent.named("script_run").field("script", "hello").log(logger, Level.INFO, () -> "Script hello run r1 succeeded.");
        logger.info("Another line.");

        Map<String, String> later = capture.extensions.get(1);
        assertNull(later.get("event"));
        assertNull(later.get("script"));
    }

    @Test
    void leavesOutNullTextFields() {
        LogEvent event = LogEvent.named("slow_query").field("script", (String) null);

        assertEquals(Map.of("event", "slow_query"), event.fields());
    }

    @Test
    void buildsNoSentenceAndSetsNoFieldsBelowTheLoggersLevel() {
        LogEvent.named("retention_run").field("deleted_rows", 0).log(logger, Level.FINE, () -> {
            throw new AssertionError("the sentence must not be built");
        });

        assertTrue(capture.records.isEmpty());
    }

    @Test
    void passesTheThrowableOn() {
        IllegalStateException failure = new IllegalStateException("disk full");

        LogEvent.named("retention_failed").log(logger, Level.WARNING, () -> "Retention run failed.", failure);

        assertSame(failure, capture.records.get(0).getThrown());
        assertEquals("retention_failed", capture.extensions.get(0).get("event"));
    }
}

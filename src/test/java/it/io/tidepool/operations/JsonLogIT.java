package it.io.tidepool.operations;

import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue.ValueType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.io.tidepool.scripts.ScriptsApi;
import it.io.tidepool.support.Reply;

/**
 * Tidepool's own log events carry their facts as members of Liberty's JSON log records
 * ({@code ext_*}) next to the sentence, on the shared IT server, whose console the build switches to
 * JSON ({@code tidepool.log.format=json}) while its messages.log stays in Liberty's text format.
 */
class JsonLogIT {

    private static final String RUN = Long.toString(System.nanoTime(), 36);
    private static final String SCRIPT = "json-log-" + RUN;
    private static final String OLD_SERVICE = "it-json-log-" + RUN;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The IT server's retention runs every minute (the default); the first may be a minute away. */
    private static final Duration RETENTION_WAIT = Duration.ofSeconds(150);
    private static final Path MESSAGES = ConsoleLog.FILE.resolveSibling("messages.log");

    private static final ScriptsApi API = ScriptsApi.shared();
    private static ConsoleLog log;

    /** A span from two hours ago, which the next retention run (1 h retention) deletes. */
    @BeforeAll
    static void storeAnExpiredSpan() {
        log = ConsoleLog.fromNow();
        long start = TimeUnit.SECONDS.toNanos(Instant.now().minus(Duration.ofHours(2)).getEpochSecond());
        String body = """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}}]},
                  "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s",
                    "name": "expired", "kind": 2, "startTimeUnixNano": "%d", "endTimeUnixNano": "%d"}]}]}]}
                """.formatted(OLD_SERVICE, hex(16), hex(8), start, start + 1_000_000);
        Reply reply = postJson(otlp("/v1/traces"), body);
        assertEquals(200, reply.status(), reply::toString);
    }

    @AfterAll
    static void deleteScript() {
        API.deleteQuietly(SCRIPT);
    }

    @Test
    void aScriptsSlowQueryAndItsRunAreLoggedWithTheirFacts() throws Exception {
        JsonObject run = API.runToEnd(SCRIPT, """
                import { db } from "@tidepool/sdk";
                try {
                  await db.query("SELECT sum(hash(range)) AS h FROM range(100000000000)");
                } catch (e) {
                  console.log("cancelled");
                }
                """, null, WAIT);
        String runId = run.getString("id");
        assertEquals("succeeded", run.getString("outcome"), run::toString);

        JsonObject slow = log.await("slow_query of run " + runId, ConsoleLog.event("slow_query", "ext_run_id", runId), WAIT);
        assertEquals("liberty_message", slow.getString("type"));
        assertEquals("WARNING", slow.getString("loglevel"));
        assertEquals("io.tidepool.query.control.SlowQueryLog", slow.getString("module"));
        assertEquals(SCRIPT, slow.getString("ext_script"));
        assertEquals("/db/query", slow.getString("ext_endpoint"));
        assertEquals("timeout", slow.getString("ext_outcome"));
        assertEquals(0, number(slow, "ext_rows_long"));
        assertTrue(number(slow, "ext_duration_ms_long") >= 5000, slow::toString);
        assertTrue(slow.getString("ext_fingerprint").matches("[0-9a-f]{12}"), slow::toString);
        assertTrue(slow.getString("ext_caller").startsWith("127.0.0.1:"), slow::toString);
        assertTrue(slow.getString("message").startsWith("Slow query on /db/query from script " + SCRIPT + " (run " + runId
                + ", 127.0.0.1:"), slow::toString);

        JsonObject ended = log.await("script_run " + runId, ConsoleLog.event("script_run", "ext_run_id", runId), WAIT);
        assertEquals("INFO", ended.getString("loglevel"));
        assertEquals(SCRIPT, ended.getString("ext_script"));
        assertEquals("succeeded", ended.getString("ext_outcome"));
        assertEquals("manual", ended.getString("ext_trigger"));
        assertEquals(0, number(ended, "ext_exit_code_long"));
        assertEquals(0, number(ended, "ext_events_long"));
        assertEquals(0, number(ended, "ext_denials_long"));
        assertTrue(number(ended, "ext_duration_ms_long") >= number(slow, "ext_duration_ms_long"), ended::toString);
        String sentence = "Script " + SCRIPT + " run " + runId + " succeeded after " + number(ended, "ext_duration_ms_long")
                + " ms (exit code 0), 0 events.";
        assertEquals(sentence, ended.getString("message"));
        // The same sentence, as text, in messages.log.
        assertTrue(Files.readString(MESSAGES).contains(sentence), "messages.log lacks: " + sentence);
    }

    @Test
    void aRetentionRunLogsTheRowsItDeletedPerTable() throws Exception {
        JsonObject retention = log.await("retention_run that deleted spans",
                record -> "retention_run".equals(record.getString("ext_event", null))
                        && record.containsKey("ext_deleted_otel_spans_local_long")
                        && number(record, "ext_deleted_otel_spans_local_long") >= 1, RETENTION_WAIT);
        assertEquals("INFO", retention.getString("loglevel"));
        long perTable = number(retention, "ext_deleted_otel_spans_local_long") + number(retention, "ext_deleted_beyla_http_metrics_long")
                + number(retention, "ext_deleted_system_metrics_local_long") + number(retention, "ext_deleted_script_events_long");
        assertEquals(perTable, number(retention, "ext_deleted_rows_long"), retention::toString);
        assertTrue(number(retention, "ext_delete_ms_long") >= 0 && number(retention, "ext_checkpoint_ms_long") >= 0);
        ValueType drained = retention.get("ext_readers_drained_bool").getValueType();
        assertTrue(drained == ValueType.TRUE || drained == ValueType.FALSE, retention::toString);
        assertTrue(retention.getString("message").startsWith("Retention deleted {"), retention::toString);
    }

    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static long number(JsonObject record, String name) {
        return ((JsonNumber) record.get(name)).longValueExact();
    }
}

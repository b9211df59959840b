package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.firstRow;
import static it.io.tidepool.support.TidepoolServer.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * Statements a script must never get through: each is refused with a 4xx JSON error, and after the
 * whole suite the catalog, the settings, the rows already stored and the file system are as before.
 * Those that would checkpoint (directly or through SQL hidden in a string) leave agent.db and its
 * WAL as they were.
 */
class HostileSqlIT {

    private static final String SENTINEL = "it-hostile-sentinel";
    private static final String CATALOG = """
            SELECT
              (SELECT list_sort(list(database_name || '.' || schema_name || '.' || table_name || '/' || column_count))
                 FROM duckdb_tables()) AS tables,
              (SELECT count(*) FROM duckdb_views() WHERE NOT internal) AS views,
              (SELECT count(*) FROM duckdb_sequences()) AS sequences,
              (SELECT count(*) FROM duckdb_indexes()) AS indexes,
              (SELECT count(*) FROM duckdb_functions() WHERE function_type LIKE '%macro%' AND NOT internal) AS macros,
              (SELECT list_sort(list(database_name)) FROM duckdb_databases()) AS databases,
              (SELECT count(*) FROM duckdb_functions()) AS functions,
              (SELECT list_sort(list(name || '=' || value)) FROM duckdb_settings()
                 WHERE name IN ('threads', 'memory_limit', 'enable_external_access', 'lock_configuration', 'TimeZone',
                                'autoload_known_extensions', 'autoinstall_known_extensions', 'allow_community_extensions',
                                'enable_profiling', 'enable_logging')) AS settings""";
    private static final String COUNTS = """
            SELECT (SELECT count(*) FROM otel_spans_local) AS spans, (SELECT count(*) FROM beyla_http_metrics) AS red,
                   (SELECT count(*) FROM system_metrics_local) AS host, (SELECT count(*) FROM script_events) AS events,
                   (SELECT count(*) FROM script_events WHERE name = 'it-hostile-sentinel') AS sentinel""";

    private static JsonObject catalogBefore;
    private static JsonObject countsBefore;

    @BeforeAll
    static void recordTheDatabase() {
        TidepoolServer.emit(SENTINEL, Json.createObjectBuilder().add("keep", true));
        catalogBefore = firstRow(CATALOG);
        countsBefore = firstRow(COUNTS);
    }

    static Stream<Arguments> hostileStatements() {
        return Stream.of(
                // Writes and DDL
                Arguments.of("INSERT INTO script_events VALUES (now(), 'x', 'x', 'x', 'info', NULL)", 403),
                Arguments.of("INSERT INTO script_events SELECT * FROM script_events", 403),
                Arguments.of("UPDATE otel_spans_local SET is_error = true", 403),
                Arguments.of("DELETE FROM otel_spans_local", 403),
                Arguments.of("TRUNCATE script_events", 403),
                Arguments.of("DROP TABLE otel_spans_local", 403),
                Arguments.of("DROP TABLE IF EXISTS \"otel_spans_local\"", 403),
                Arguments.of("CREATE TABLE evil (i INTEGER)", 403),
                Arguments.of("CREATE TEMP TABLE evil AS SELECT 1", 403),
                Arguments.of("CREATE VIEW evil AS SELECT 1", 403),
                Arguments.of("CREATE MACRO evil() AS 1", 403),
                Arguments.of("CREATE TEMP MACRO evil() AS 1", 403),
                Arguments.of("CREATE SEQUENCE evil", 403),
                Arguments.of("CREATE INDEX evil ON otel_spans_local (trace_id)", 403),
                Arguments.of("ALTER TABLE otel_spans_local ADD COLUMN evil INTEGER", 403),
                Arguments.of("WITH gone AS (DELETE FROM script_events RETURNING *) SELECT * FROM gone", 403),
                Arguments.of("EXPLAIN ANALYZE DELETE FROM script_events", 403),
                // Other databases and files
                Arguments.of("ATTACH '/tmp/tidepool-hostile.db' AS other", 403),
                Arguments.of("DETACH agent", 403),
                Arguments.of("USE memory", 403),
                Arguments.of("COPY otel_spans_local TO '/tmp/tidepool-hostile.csv'", 403),
                Arguments.of("COPY script_events FROM '/etc/passwd'", 403),
                Arguments.of("EXPORT DATABASE '/tmp/tidepool-hostile-export'", 403),
                Arguments.of("IMPORT DATABASE '/tmp'", 403),
                Arguments.of("SELECT * FROM read_csv('/etc/passwd')", 403),
                Arguments.of("SELECT * FROM READ_CSV_AUTO('/etc/passwd')", 403),
                Arguments.of("SELECT * FROM \"read_text\"('/etc/passwd')", 403),
                Arguments.of("SELECT content FROM read_blob('/etc/shadow')", 403),
                Arguments.of("SELECT * FROM glob('/*')", 403),
                Arguments.of("SELECT * FROM read_parquet('/tmp/tidepool-hostile.parquet')", 403),
                Arguments.of("SELECT * FROM read_json('https://example.com/x.json')", 403),
                Arguments.of("SELECT * FROM 'http://example.com/data.csv'", 403),
                Arguments.of("SELECT * FROM '/etc/passwd'", 403),
                Arguments.of("DESCRIBE '/etc/hosts.csv'", 403),
                Arguments.of("SELECT * FROM sniff_csv('/etc/passwd')", 403),
                Arguments.of("SELECT * FROM parquet_metadata('/tmp/tidepool-hostile.parquet')", 403),
                Arguments.of("SELECT * FROM read_duckdb('/tmp/tidepool-hostile.db')", 403),
                Arguments.of("SELECT * FROM range(1) r, LATERAL (SELECT * FROM read_text('/etc/passwd')) f", 403),
                Arguments.of("FROM (FROM (FROM read_blob('/etc/passwd')))", 403),
                Arguments.of("DESCRIBE SELECT * FROM read_text('/etc/passwd')", 403),
                Arguments.of("SUMMARIZE SELECT * FROM read_csv('/etc/passwd')", 403),
                // Extensions and settings
                Arguments.of("INSTALL httpfs", 403),
                Arguments.of("LOAD httpfs", 403),
                Arguments.of("FORCE INSTALL httpfs FROM 'http://example.com'", 403),
                Arguments.of("SET threads = 1", 403),
                Arguments.of("SET GLOBAL enable_external_access = true", 403),
                Arguments.of("RESET memory_limit", 403),
                Arguments.of("SET VARIABLE evil = 1", 403),
                Arguments.of("PRAGMA enable_profiling", 403),
                Arguments.of("PRAGMA database_size", 403),
                Arguments.of("CALL pragma_version()", 403),
                Arguments.of("CALL enable_logging()", 403),
                Arguments.of("CREATE SECRET evil (TYPE s3, KEY_ID 'x', SECRET 'y')", 403),
                // Maintenance and transactions
                Arguments.of("CHECKPOINT", 403),
                Arguments.of("FORCE CHECKPOINT", 403),
                Arguments.of("SELECT * FROM checkpoint()", 403),
                Arguments.of("FROM force_checkpoint()", 403),
                Arguments.of("VACUUM", 403),
                Arguments.of("BEGIN TRANSACTION", 403),
                Arguments.of("COMMIT", 403),
                Arguments.of("ROLLBACK", 403),
                Arguments.of("SELECT nextval('evil')", 403),
                Arguments.of("SELECT setseed(0.5)", 403),
                Arguments.of("SELECT write_log('evil')", 403),
                Arguments.of("SELECT * FROM enable_logging()", 403),
                Arguments.of("SELECT * FROM enable_profiling()", 403),
                Arguments.of("SELECT * FROM pragma_database_size()", 403),
                Arguments.of("SELECT * FROM duckdb_secrets(redact := false)", 403),
                // Several statements and comment tricks
                Arguments.of("SELECT 1; DROP TABLE otel_spans_local", 403),
                Arguments.of("SELECT 1; SELECT 2", 403),
                Arguments.of("SELECT 1 /* ; */ ; DELETE FROM script_events", 403),
                Arguments.of("/* harmless */ DROP TABLE script_events", 403),
                Arguments.of("-- a comment\nDELETE FROM script_events", 403),
                Arguments.of("/* EXPLAIN */ DELETE FROM script_events", 403),
                Arguments.of("EXPLAIN /* x */ SELECT 1; DROP TABLE script_events", 403),
                // SQL hidden in strings
                Arguments.of("SELECT * FROM query('DELETE FROM script_events')", 403),
                Arguments.of("SELECT * FROM query_table('script_events')", 403),
                Arguments.of("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", 403),
                Arguments.of("WITH q AS (FROM query('SELECT 1')) FROM q", 403),
                Arguments.of("SELECT (SELECT count(*) FROM query('SELECT 1')) AS n", 403),
                Arguments.of("SELECT * FROM made_up_table_function()", 403),
                // Very long SQL: deep nesting is refused by the parser, a huge body by the size limit
                Arguments.of("SELECT " + "(".repeat(5_000) + "1" + ")".repeat(5_000), 400),
                Arguments.of("SELECT 1 " + " ".repeat(1_100_000), 413));
    }

    @ParameterizedTest(name = "[{index}] {1} for {0}")
    @MethodSource("hostileStatements")
    void isRefused(String sql, int expectedStatus) {
        Reply reply = query(sql);
        assertEquals(expectedStatus, reply.status(), () -> sql.substring(0, Math.min(sql.length(), 200)) + " -> " + reply);
        assertTrue(reply.json().getJsonObject("error").getString("message").length() > 0);
    }

    /** Statements that would checkpoint if they ran, each with the function its refusal names. */
    static Stream<Arguments> checkpointingStatements() {
        return Stream.of(
                Arguments.of("SELECT * FROM query('SELECT * FROM checkpoint()')", "query"),
                Arguments.of("FROM query('FROM checkpoint()')", "query"),
                Arguments.of("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM checkpoint()'))",
                        "json_execute_serialized_sql"),
                Arguments.of("SELECT * FROM checkpoint()", "checkpoint"),
                Arguments.of("FROM force_checkpoint()", "force_checkpoint"),
                Arguments.of("SELECT * FROM (SELECT * FROM checkpoint()) AS sub", "checkpoint"),
                Arguments.of("WITH c AS (FROM force_checkpoint()) FROM c", "force_checkpoint"),
                Arguments.of("SELECT * FROM range(1) r, LATERAL (FROM query('FROM checkpoint()')) l", "query"),
                Arguments.of("FROM (FROM (FROM checkpoint()))", "checkpoint"),
                Arguments.of("SELECT * FROM range((SELECT count(*) FROM query('FROM force_checkpoint()')))", "query"),
                Arguments.of("SELECT 1 WHERE EXISTS (FROM checkpoint())", "checkpoint"),
                Arguments.of("EXPLAIN ANALYZE FROM query('FROM checkpoint()')", "query"));
    }

    /**
     * A checkpoint writes agent.db and truncates agent.db.wal at once, so after a refused statement agent.db
     * must keep its size and modification time and the WAL must not shrink. Live ingest only appends to
     * the WAL; but the retention job checkpoints once a minute, so one attempt may see its checkpoint. A
     * statement that checkpointed would change the files on every attempt, so three tries are allowed.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("checkpointingStatements")
    void aStatementThatWouldCheckpointIsRefusedAndLeavesTheDatabaseFilesAlone(String sql, String function) throws Exception {
        List<String> changes = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            DatabaseFiles before = DatabaseFiles.withPendingWal();
            Reply reply = query(sql);
            DatabaseFiles after = DatabaseFiles.now();

            assertEquals(403, reply.status(), reply::toString);
            assertEquals("statement_not_allowed", reply.errorCode());
            assertTrue(reply.errorMessage().startsWith("table function " + function + "()"), reply::toString);
            if (after.untouchedSince(before)) {
                return;
            }
            changes.add(before + " -> " + after);
        }
        fail("agent.db or its WAL changed on every attempt (a checkpoint?): " + changes);
    }

    /** Size and modification time of agent.db, and the size of its WAL (0 when there is none). */
    record DatabaseFiles(long dbSize, FileTime dbModified, long walSize) {

        static final Path DB = Path.of(System.getProperty("it.data.dir", "target/it-data"), "agent.db");
        static final Path WAL = DB.resolveSibling("agent.db.wal");

        static DatabaseFiles now() throws IOException {
            return new DatabaseFiles(Files.size(DB), Files.getLastModifiedTime(DB), Files.exists(WAL) ? Files.size(WAL) : 0);
        }

        /** The files once the WAL holds a commit, so that a checkpoint would have something to truncate. */
        static DatabaseFiles withPendingWal() throws IOException, InterruptedException {
            TidepoolServer.emit("it-hostile-wal", Json.createObjectBuilder().add("pending", true));
            DatabaseFiles files = now();
            for (int i = 0; i < 50 && files.walSize() == 0; i++) {
                Thread.sleep(100);
                files = now();
            }
            assertTrue(files.walSize() > 0, "the WAL stays empty after an emitted event: " + files);
            return files;
        }

        boolean untouchedSince(DatabaseFiles before) {
            return dbSize == before.dbSize && dbModified.equals(before.dbModified) && walSize >= before.walSize;
        }
    }

    @AfterAll
    static void databaseIsUnchanged() {
        assertEquals(catalogBefore, firstRow(CATALOG));
        JsonObject countsAfter = firstRow(COUNTS);
        for (String table : new String[] {"spans", "red", "host", "events"}) {
            assertTrue(countsAfter.getJsonNumber(table).longValue() >= countsBefore.getJsonNumber(table).longValue(),
                    table + " lost rows: " + countsBefore + " -> " + countsAfter);
        }
        assertEquals(countsBefore.getInt("sentinel"), countsAfter.getInt("sentinel"));
        for (String file : new String[] {"/tmp/tidepool-hostile.db", "/tmp/tidepool-hostile.csv", "/tmp/tidepool-hostile-export"}) {
            assertFalse(Files.exists(Path.of(file)), file + " was created");
        }
    }
}

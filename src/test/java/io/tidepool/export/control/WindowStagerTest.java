package io.tidepool.export.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidepool.storage.Schema;

/** Staging against a real (in-memory) DuckDB with the real schema: which rows go into which file. */
class WindowStagerTest {

    private static final long WINDOW = 10_000_000L;
    /** 2026-12-02T16:45:00Z, a window start. */
    private static final long START = 1_796_229_900_000_000L;

    @TempDir
    Path dir;

    private Connection db;
    private ExportManifest manifest;
    private WindowStager stager;

    @BeforeEach
    void createSchema() throws Exception {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = db.createStatement()) {
            statement.execute("SET TimeZone = 'UTC'");
            for (String ddl : Schema.DDL) {
                statement.execute(ddl);
            }
        }
        Files.createDirectories(dir.resolve("partial"));
        manifest = ExportManifest.load(dir.resolve("manifest.json"));
        stager = stager(manifest);
    }

    private WindowStager stager(ExportManifest with) {
        return new WindowStager(dir.resolve("partial"), dir.resolve("backlog"), with, "node-a", WINDOW);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private void event(long micros, String name, long stamp) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("INSERT INTO script_events (timestamp, name, severity, commit_stamp) VALUES (make_timestamp(" + micros
                    + ")::TIMESTAMPTZ, '" + name + "', 'info', " + stamp + ")");
        }
    }

    private List<String> names(Path file) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet result = statement.executeQuery("SELECT list(name) FROM read_parquet('" + file + "')")) {
            result.next();
            return List.of((Object[]) result.getArray(1).getArray()).stream().map(String::valueOf).toList();
        }
    }

    private Path file(String name) {
        return dir.resolve("backlog/script_events/date=2026-12-02/hour=16/node=node-a/" + name);
    }

    @Test
    void eachClosedWindowBecomesOneFileSortedByTimeWithoutTheStamp() throws Exception {
        event(START + 3_000_000, "b", 5);
        event(START + 1_000_000, "a", 6);
        event(START + WINDOW + 1, "next", 7);
        event(START + 2 * WINDOW + 1, "still open", 8);

        List<WindowStager.Staged> staged = stager.stage(db, Schema.SCRIPT_EVENTS, START - WINDOW, START + 2 * WINDOW);

        assertEquals(List.of(2L, 1L), staged.stream().map(WindowStager.Staged::rows).toList());
        assertEquals(List.of("a", "b"), names(file("20261202T164500Z-1.parquet")));
        assertEquals(List.of("next"), names(file("20261202T164510Z-1.parquet")));
        try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT count(*) FROM parquet_schema('" + file("20261202T164500Z-1.parquet") + "') WHERE name = 'commit_stamp'")) {
            result.next();
            assertEquals(0, result.getInt(1));
        }
        assertEquals(new ExportManifest.Exported(1, 6), manifest.exported(Schema.SCRIPT_EVENTS, START));
        assertEquals(List.of(), stager.stage(db, Schema.SCRIPT_EVENTS, START - WINDOW, START + 2 * WINDOW), "nothing new, nothing staged");
    }

    @Test
    void lateRowsBecomeTheWindowsNextFileAndOnlyThey() throws Exception {
        event(START + 1_000_000, "first", 5);
        stager.stage(db, Schema.SCRIPT_EVENTS, START, START + WINDOW);
        event(START + 500_000, "late", 9);

        List<WindowStager.Staged> staged = stager.stage(db, Schema.SCRIPT_EVENTS, START, START + WINDOW);

        assertEquals(1, staged.size());
        assertEquals(List.of("late"), names(file("20261202T164500Z-2.parquet")));
        assertEquals(List.of("first"), names(file("20261202T164500Z-1.parquet")));
        assertEquals(new ExportManifest.Exported(2, 9), ExportManifest.load(dir.resolve("manifest.json")).exported(Schema.SCRIPT_EVENTS, START));
    }

    @Test
    void stagingAgainAfterACrashBeforeTheRecordReplacesTheSameFile() throws Exception {
        event(START + 1_000_000, "first", 5);
        stager.stage(db, Schema.SCRIPT_EVENTS, START, START + WINDOW);
        // The crash: the file reached the backlog, the manifest was not yet written (the window's first file).
        Files.delete(dir.resolve("manifest.json"));
        event(START + 2_000_000, "arrived meanwhile", 6);

        List<WindowStager.Staged> again = stager(ExportManifest.load(dir.resolve("manifest.json")))
                .stage(db, Schema.SCRIPT_EVENTS, START, START + WINDOW);

        assertEquals(1, again.size());
        assertEquals("script_events/date=2026-12-02/hour=16/node=node-a/20261202T164500Z-1.parquet", again.get(0).key().path());
        assertEquals(List.of("first", "arrived meanwhile"), names(file("20261202T164500Z-1.parquet")));
        assertFalse(Files.exists(file("20261202T164500Z-2.parquet")));
        try (var partial = Files.list(dir.resolve("partial"))) {
            assertTrue(partial.findAny().isEmpty(), "no partial file is left behind");
        }
    }
}

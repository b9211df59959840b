package io.tidepool.export.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tidepool.export.entity.WindowKey;
import io.tidepool.ingest.control.RetentionJob;
import io.tidepool.storage.Schema;

/**
 * The staging step of an export run for one table, on one read-only snapshot: finds the closed
 * windows holding rows whose commit stamp is above what the manifest records, has DuckDB write each
 * window's new rows ({@code COPY ... TO} a file in {@code partial}), moves the file into the backlog
 * under its final key, then records the window. The key of a window's next file depends only on the
 * manifest, so staging again after a crash between the move and the record replaces the same file
 * (now with the late rows too) rather than adding a second one.
 */
final class WindowStager {

    /** One file staged: its key, and how many rows and bytes it holds. */
    record Staged(WindowKey key, long rows, long bytes) {
    }

    private final Path partial;
    private final Path backlog;
    private final ExportManifest manifest;
    private final String node;
    private final long windowMicros;

    WindowStager(Path partial, Path backlog, ExportManifest manifest, String node, long windowMicros) {
        this.partial = partial;
        this.backlog = backlog;
        this.manifest = manifest;
        this.node = node;
        this.windowMicros = windowMicros;
    }

    /** Stages every window of {@code table} from {@code fromMicros} to {@code closedBeforeMicros} with new rows. */
    List<Staged> stage(Connection db, String table, long fromMicros, long closedBeforeMicros) throws SQLException, IOException {
        List<Staged> staged = new ArrayList<>();
        execute(db, "BEGIN TRANSACTION READ ONLY");
        try {
            for (long[] window : windowsWithNewRows(db, table, fromMicros, closedBeforeMicros)) {
                staged.add(stageWindow(db, table, window[0], window[1]));
            }
        } finally {
            execute(db, "ROLLBACK");
        }
        return staged;
    }

    /** Closed windows of {@code table} holding rows above the manifest's stamp: {start micros, largest stamp}. */
    private List<long[]> windowsWithNewRows(Connection db, String table, long from, long to) throws SQLException {
        String time = RetentionJob.TIME_COLUMNS.get(table);
        // Table and column names come from the schema's constants, never from input.
        String sql = "SELECT (epoch_us(" + time + ") // ?) * ? AS window_start, max(coalesce(" + Schema.COMMIT_STAMP + ", 0)) AS stamp"
                + " FROM " + table + " WHERE " + time + " >= make_timestamp(?)::TIMESTAMPTZ AND " + time
                + " < make_timestamp(?)::TIMESTAMPTZ GROUP BY window_start ORDER BY window_start";
        List<long[]> windows = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setLong(1, windowMicros);
            query.setLong(2, windowMicros);
            query.setLong(3, from);
            query.setLong(4, to);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    long start = result.getLong(1);
                    long stamp = result.getLong(2);
                    ExportManifest.Exported done = manifest.exported(table, start);
                    if (done == null || stamp > done.stamp()) {
                        windows.add(new long[] {start, stamp});
                    }
                }
            }
        }
        return windows;
    }

    private Staged stageWindow(Connection db, String table, long start, long stamp) throws SQLException, IOException {
        ExportManifest.Exported done = manifest.exported(table, start);
        long after = done == null ? -1 : done.stamp();
        WindowKey key = new WindowKey(table, Instant.EPOCH.plusNanos(start * 1_000), node, done == null ? 1 : done.files() + 1);
        Path written = partial.resolve(UUID.randomUUID() + ".parquet");
        String time = RetentionJob.TIME_COLUMNS.get(table);
        // COPY takes no bind parameters: the numbers are the exporter's own longs, the path its own
        // directory plus a UUID (quotes doubled all the same); nothing here comes from input.
        String copy = "COPY (SELECT * EXCLUDE (" + Schema.COMMIT_STAMP + ") FROM " + table
                + " WHERE " + time + " >= make_timestamp(" + start + ")::TIMESTAMPTZ AND " + time + " < make_timestamp("
                + (start + windowMicros) + ")::TIMESTAMPTZ AND coalesce(" + Schema.COMMIT_STAMP + ", 0) > " + after
                + " ORDER BY " + time + ") TO '" + written.toString().replace("'", "''") + "' (FORMAT parquet, COMPRESSION zstd)";
        long rows;
        try (Statement statement = db.createStatement()) {
            if (statement.execute(copy)) {
                try (ResultSet result = statement.getResultSet()) {
                    rows = result.next() ? result.getLong(1) : 0;
                }
            } else {
                rows = statement.getUpdateCount();
            }
        }
        Path queued = backlog.resolve(key.path());
        Files.createDirectories(queued.getParent());
        Files.move(written, queued, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        manifest.record(table, start, stamp);
        return new Staged(key, rows, Files.size(queued));
    }

    static void execute(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}

package io.tidepool.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prepares the database file before anything else touches it: creates its directory (DuckDB does
 * not) and the schema, through the writer's data source. Other start-up observers run after this
 * one (lower {@link Priority} first).
 */
@ApplicationScoped
public class DatabaseFile {

    public static final int STARTUP_PRIORITY = 100;

    private static final Logger LOG = Logger.getLogger(DatabaseFile.class.getName());

    @Resource(lookup = "jdbc/agentdb-rw")
    DataSource writer;

    @Inject
    @ConfigProperty(name = "tidepool.db.path")
    String path;

    private volatile boolean ready;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
        Path file = Path.of(path).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the database file " + file, e);
        }
        logUncleanStop(file);
        long started = System.nanoTime();
        try (Connection connection = writer.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : Schema.DDL) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the schema in " + file + ": " + e.getMessage(), e);
        }
        ready = true;
        LOG.info(() -> "Tidepool database " + file + " is ready with tables " + Schema.TABLES + " ("
                + (System.nanoTime() - started) / 1_000_000 + " ms).");
    }

    /**
     * A write-ahead log beside the file means the last stop did not close the database (a kill, a
     * crash, a stop that timed out): DuckDB replays it now, which takes longer the more it holds.
     */
    private static void logUncleanStop(Path file) {
        Path wal = file.resolveSibling(file.getFileName() + ".wal");
        try {
            if (Files.exists(wal)) {
                long bytes = Files.size(wal);
                LOG.warning(() -> "The database was not closed cleanly at the last stop: DuckDB replays its write-ahead log "
                        + wal + " (" + bytes + " bytes) before Tidepool starts.");
            }
        } catch (IOException e) {
            LOG.fine(() -> "Could not read the size of " + wal + ": " + e);
        }
    }

    public boolean isReady() {
        return ready;
    }

    public Path path() {
        return Path.of(path).toAbsolutePath();
    }
}

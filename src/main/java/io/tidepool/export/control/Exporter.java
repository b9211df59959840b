package io.tidepool.export.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.duckdb.DuckDBDriver;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.platform.LogEvent;
import io.tidepool.platform.Stopping;
import io.tidepool.storage.Schema;

/**
 * Exports each closed window (its end plus the grace period has passed) of every telemetry table.
 * A run has two steps. Staging: on a connection of its own to the writer's DuckDB instance, in one
 * read-only snapshot per table, it finds the windows holding rows with a commit stamp above what the
 * manifest records, has DuckDB write those rows ({@code COPY ... TO} the staging directory, the only
 * one DuckDB may write to), moves the file into the backlog under its final key, then records the
 * window in the manifest. Delivery: every file in the backlog goes to the target and is deleted.
 * The key of a window's next file depends only on the manifest, so a file staged again after a crash
 * replaces the same key (in the backlog and in the target) rather than adding a second copy; and a
 * file leaves the backlog only once the target holds it. Runs on the scheduler, never on the writer
 * thread: ingest only shares the CPU with it. While the target fails, delivery backs off (1 s,
 * doubling, at most 5 minutes) and the backlog grows up to its limit; past it no new file is
 * staged, the rows wait in the database (up to its retention).
 */
@ApplicationScoped
public class Exporter {

    private static final Logger LOG = Logger.getLogger(Exporter.class.getName());
    private static final long MAX_BACKOFF_MILLIS = TimeUnit.MINUTES.toMillis(5);

    @Inject
    ExportSettings settings;

    @Inject
    ExportMetrics metrics;

    @Inject
    @ConfigProperty(name = "tidepool.db.url")
    String databaseUrl;

    @Resource(lookup = "concurrent/tidepool-scheduler")
    ManagedScheduledExecutorService scheduler;

    private Path staging;
    private Path backlog;
    private Path partial;
    private ExportManifest manifest;
    private ExportTarget target;
    private String node;
    private Connection connection;
    private ScheduledFuture<?> runs;
    private int failuresInRow;
    private long nextDeliveryMillis;
    private final Map<String, long[]> backlogByTable = new ConcurrentHashMap<>();
    private volatile String lastFailure;

    void onStart(@Observes @Priority(TelemetryWriter.STARTUP_PRIORITY + 60) @Initialized(ApplicationScoped.class) Object event) {
        if (!settings.enabled()) {
            LOG.info("Export is off (tidepool.export.target is empty).");
            return;
        }
        try {
            staging = Path.of(settings.stagingDir()).toAbsolutePath().normalize();
            backlog = staging.resolve("backlog");
            partial = staging.resolve("partial");
            Files.createDirectories(backlog);
            Files.createDirectories(partial);
            clear(partial);
            manifest = ExportManifest.load(staging.resolve("manifest.json"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the export staging directory " + settings.stagingDir() + ": " + e, e);
        }
        node = settings.node();
        target = settings.createTarget();
        countBacklog();
        metrics.register(this);
        long period = settings.period().toMillis();
        runs = scheduler.scheduleWithFixedDelay(this::runOnce, period, period, TimeUnit.MILLISECONDS);
        LOG.info(() -> "Export started: windows of " + settings.window() + " (grace " + settings.grace() + ") of node " + node
                + " go to the " + target + ", looked for every " + period + " ms; staging in " + staging + ".");
    }

    public boolean enabled() {
        return target != null;
    }

    /** One run: stage what has closed, then deliver the backlog. Public for the test that forces a run. */
    public synchronized void runOnce() {
        if (target == null) {
            return;
        }
        try {
            stageClosedWindows(Instant.now());
        } catch (SQLException | IOException | RuntimeException e) {
            closeConnection();
            lastFailure = e.toString();
            metrics.failed("all");
            LogEvent.named("export_stage_failed").field("error", e.toString()).log(LOG, Level.WARNING,
                    () -> "Export could not write closed windows and retries at its next run: " + e, e instanceof RuntimeException ? e : null);
        }
        deliverBacklog();
    }

    private void stageClosedWindows(Instant now) throws SQLException, IOException {
        if (backlogBytes() >= settings.backlogLimitBytes()) {
            metrics.backlogFull();
            LOG.warning(() -> "Export backlog holds " + backlogBytes() + " bytes (limit " + settings.backlogLimitBytes()
                    + "): no new window is written until the target takes some; the rows wait in the database.");
            return;
        }
        long windowMicros = settings.window().toNanos() / 1_000;
        long closedBefore = Math.floorDiv(micros(now.minus(settings.grace())), windowMicros) * windowMicros;
        // Older windows' rows are past retention (deleted at its next run); forgetting them keeps the manifest small.
        long horizon = Math.floorDiv(micros(now.minus(settings.retention()).minus(settings.window())), windowMicros) * windowMicros;
        manifest.forgetBefore(horizon);
        Connection db = connection();
        WindowStager stager = new WindowStager(partial, backlog, manifest, node, windowMicros);
        for (String table : Schema.TABLES) {
            for (WindowStager.Staged file : stager.stage(db, table, horizon, closedBefore)) {
                metrics.written(table, file.rows());
                addBacklog(table, 1, file.bytes());
                LogEvent.named("export_file_written").field("table", table).field("key", file.key().path()).field("rows", file.rows())
                        .log(LOG, Level.FINE, () -> "Export wrote " + file.rows() + " rows of " + table + " as " + file.key().path() + ".", null);
            }
        }
    }

    private void deliverBacklog() {
        if (System.currentTimeMillis() < nextDeliveryMillis) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(backlog)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            lastFailure = e.toString();
            return;
        }
        for (Path file : files) {
            String key = backlog.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            String table = key.substring(0, key.indexOf('/'));
            try {
                long bytes = Files.size(file);
                target.put(file, key);
                Files.delete(file);
                addBacklog(table, -1, -bytes);
                metrics.delivered(table, bytes);
                failuresInRow = 0;
                lastFailure = null;
            } catch (IOException | RuntimeException e) {
                failuresInRow++;
                long backoff = Math.min(MAX_BACKOFF_MILLIS, 1_000L << Math.min(failuresInRow - 1, 20));
                nextDeliveryMillis = System.currentTimeMillis() + backoff;
                lastFailure = e.toString();
                metrics.failed(table);
                LogEvent.named("export_delivery_failed").field("key", key).field("error", e.toString())
                        .field("backlog_bytes", backlogBytes()).field("retry_ms", backoff)
                        .log(LOG, Level.WARNING, () -> "Export could not deliver " + key + " to the " + target + " (" + e
                                + "); " + backlogBytes() + " bytes wait on local disk, next try in " + backoff + " ms.", null);
                return;
            }
        }
    }

    private void countBacklog() {
        backlogByTable.clear();
        try (Stream<Path> walk = Files.walk(backlog)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                addBacklog(backlog.relativize(file).getName(0).toString(), 1, Files.size(file));
            }
        } catch (IOException e) {
            LOG.warning(() -> "Could not measure the export backlog in " + backlog + ": " + e);
        }
    }

    private void addBacklog(String table, long files, long bytes) {
        backlogByTable.compute(table, (name, counts) -> counts == null ? new long[] {files, bytes}
                : new long[] {counts[0] + files, counts[1] + bytes});
    }

    public long backlogBytes() {
        return backlogByTable.values().stream().mapToLong(counts -> counts[1]).sum();
    }

    long backlogBytes(String table) {
        long[] counts = backlogByTable.get(table);
        return counts == null ? 0 : counts[1];
    }

    long backlogFiles(String table) {
        long[] counts = backlogByTable.get(table);
        return counts == null ? 0 : counts[0];
    }

    public long backlogLimitBytes() {
        return settings.backlogLimitBytes();
    }

    /** Why the last staging or delivery failed, while none has succeeded since; null otherwise. */
    public String lastFailure() {
        return lastFailure;
    }

    /** Seconds from the end of the latest exported window of {@code table} to now; 0 before the first. */
    double lagSeconds(String table) {
        long latest = manifest == null ? 0 : manifest.latestWindow(table);
        if (latest == 0) {
            return 0;
        }
        long end = latest + settings.window().toNanos() / 1_000;
        return Math.max(0, (micros(Instant.now()) - end) / 1e6);
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            // The data sources' exact URL joins the instance they opened (DuckDB allows one configuration per file).
            connection = new DuckDBDriver().connect(databaseUrl, new Properties());
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Reopened at the next run either way.
            }
            connection = null;
        }
    }

    private static void clear(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Before the writer stops: a run in progress finishes, no new one starts; the backlog stays for the next start. */
    void onStopping(@Observes @Priority(Stopping.SCHEDULES) Stopping event) {
        stop();
    }

    @PreDestroy
    synchronized void stop() {
        if (runs != null) {
            runs.cancel(false);
            runs = null;
        }
        closeConnection();
        if (target != null) {
            target.close();
            target = null;
        }
    }
}

package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.platform.LogEvent;
import io.tidepool.platform.Stopping;
import io.tidepool.storage.ReadSnapshots;
import io.tidepool.storage.Schema;

/**
 * Deletes rows older than the retention (per table) every {@code tidepool.ingest.retention-interval}
 * and then checkpoints, so the file stays bounded under steady ingest. The job is scheduled on a
 * ManagedScheduledExecutorService but its work runs on the writer thread: deletes then never
 * conflict with inserts, and no commit lands between the deletes and the checkpoint. DuckDB frees
 * deleted rows only in a full checkpoint, which it does only when no open transaction began before
 * the last commit, so the writer first waits (at most {@code tidepool.ingest.checkpoint-wait}) for
 * the read snapshots that were open at its commit to end; new readers are not held up.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class.getName());

    /** Each table and the column its retention applies to. */
    public static final Map<String, String> TIME_COLUMNS = Map.of(
            Schema.SPANS, "start_time",
            Schema.HTTP_METRICS, "timestamp",
            Schema.SYSTEM_METRICS, "timestamp",
            Schema.SCRIPT_EVENTS, "timestamp");

    @Inject
    TelemetryWriter writer;

    @Inject
    ReadSnapshots snapshots;

    @Inject
    IngestMetrics metrics;

    @Inject
    Config config;

    @Resource(lookup = "concurrent/tidepool-scheduler")
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.retention", defaultValue = "1h")
    Duration retention;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.retention-interval", defaultValue = "1m")
    Duration interval;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.checkpoint-wait", defaultValue = "2s")
    Duration checkpointWait;

    private final Map<String, Duration> retentions = new LinkedHashMap<>();
    private ScheduledFuture<?> runs;

    /** What one run did. */
    public record Run(Map<String, Long> deleted, boolean readersDrained, long deleteMillis, long checkpointMillis) {
    }

    void onStart(@Observes @Priority(TelemetryWriter.STARTUP_PRIORITY + 50) @Initialized(ApplicationScoped.class) Object event) {
        // Only the telemetry tables listed here: other tables (a script store, say) keep their rows.
        for (String table : TIME_COLUMNS.keySet()) {
            retentions.put(table, config.getOptionalValue("tidepool.ingest.retention." + table, Duration.class).orElse(retention));
        }
        runs = scheduler.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(() -> "Retention job started: every " + interval.toMillis() + " ms, keeping " + retentions + ".");
    }

    void runOnce() {
        try {
            Run run = writer.runExclusively("retention", this::deleteAndCheckpoint).get(5, TimeUnit.MINUTES);
            long total = run.deleted().values().stream().mapToLong(Long::longValue).sum();
            LogEvent event = LogEvent.named("retention_run").field("deleted_rows", total)
                    .field("delete_ms", run.deleteMillis()).field("checkpoint_ms", run.checkpointMillis())
                    .field("readers_drained", run.readersDrained());
            run.deleted().forEach((table, rows) -> event.field("deleted_" + table, rows));
            event.log(LOG, total > 0 ? Level.INFO : Level.FINE, () -> "Retention deleted " + run.deleted() + " in "
                    + run.deleteMillis() + " ms; checkpoint took " + run.checkpointMillis() + " ms" + (run.readersDrained() ? ""
                    : " (older readers were still open, so deleted space is reclaimed by a later run)") + ".");
        } catch (ExecutionException | TimeoutException e) {
            failed(e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed(e, e);
        }
    }

    private static void failed(Exception e, Throwable thrown) {
        LogEvent.named("retention_failed").field("error", e.toString()).log(LOG, Level.WARNING,
                () -> "Retention run failed and will be retried at the next interval: " + e, thrown);
    }

    private Run deleteAndCheckpoint(Connection connection) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Map<String, Long> deleted = new LinkedHashMap<>();
        TelemetryWriter.execute(connection, "BEGIN TRANSACTION");
        try {
            for (Map.Entry<String, Duration> table : retentions.entrySet()) {
                Instant cutoff = now.minus(table.getValue());
                // Table and column names come from the schema constants, never from input.
                String sql = "DELETE FROM " + table.getKey() + " WHERE " + TIME_COLUMNS.get(table.getKey())
                        + " < make_timestamp(?)::TIMESTAMPTZ";
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setLong(1, cutoff.getEpochSecond() * 1_000_000L + cutoff.getNano() / 1_000);
                    deleted.put(table.getKey(), (long) delete.executeUpdate());
                }
            }
            TelemetryWriter.execute(connection, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            TelemetryWriter.rollback(connection);
            throw e;
        }
        deleted.forEach(metrics::deleted);
        long deletedAt = System.nanoTime();
        // Waiting holds up every commit, so only when there is deleted space to reclaim (measured:
        // with 20 busy readers the wait plus checkpoint delayed acknowledgements by up to 3 s).
        boolean anyDeleted = deleted.values().stream().anyMatch(n -> n > 0);
        boolean drained = !anyDeleted || snapshots.awaitClosedUpTo(snapshots.mark(), checkpointWait);
        TelemetryWriter.execute(connection, "CHECKPOINT");
        long done = System.nanoTime();
        return new Run(deleted, drained, (deletedAt - started) / 1_000_000, (done - deletedAt) / 1_000_000);
    }

    void onStopping(@Observes @Priority(Stopping.SCHEDULES) Stopping event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (runs != null) {
            runs.cancel(false);
        }
    }
}

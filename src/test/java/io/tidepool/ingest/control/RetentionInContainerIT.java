package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tidepool.incontainer.TidepoolArchive;
import io.tidepool.query.control.LeasedStatement;
import io.tidepool.query.control.SnapshotLease;
import io.tidepool.query.control.SnapshotLeases;
import io.tidepool.query.entity.Caller;

/**
 * Inside Liberty (Arquillian): the retention job against open read snapshots. Its deletes never reach a snapshot
 * that began before them, and the checkpoint that follows waits for such snapshots to end (at most
 * {@code tidepool.ingest.checkpoint-wait}), since DuckDB reclaims deleted rows only when none is open.
 */
@ExtendWith(ArquillianExtension.class)
class RetentionInContainerIT {

    @Deployment
    static WebArchive deployment() {
        return TidepoolArchive.with(RetentionInContainerIT.class);
    }

    @Inject
    RetentionJob retention;

    @Inject
    TelemetryWriter writer;

    @Inject
    SnapshotLeases leases;

    @Test
    void theDeletesNeverReachAnOlderSnapshotAndTheCheckpointWaitsForIt() throws Exception {
        String marker = insertEvents("2 hours", 300);
        try (SnapshotLease older = leases.open(Duration.ofSeconds(60), Caller.INTERNAL)) {
            assertEquals(300, count(older, marker));
            long started = System.nanoTime();
            retention.runOnce();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= checkpointWait().toMillis() - 50,
                    () -> "the checkpoint waited " + tookMillis + " ms for the older snapshot, not " + checkpointWait());
            assertEquals(300, count(older, marker), "rows deleted after the snapshot began stay visible to it");
        }
        try (SnapshotLease newer = leases.open(Duration.ofSeconds(10), Caller.INTERNAL)) {
            assertEquals(0, count(newer, marker), "the run deleted rows older than the retention");
        }
    }

    @Test
    void theCheckpointFollowsAsSoonAsTheOlderSnapshotEnds() throws Exception {
        String marker = insertEvents("2 hours", 10);
        SnapshotLease older = leases.open(Duration.ofSeconds(60), Caller.INTERNAL);
        assertEquals(10, count(older, marker));
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> {
            sleep(400);
            older.close();
        });
        long started = System.nanoTime();
        retention.runOnce();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        closed.get(10, TimeUnit.SECONDS);
        assertTrue(tookMillis >= 300 && tookMillis < checkpointWait().toMillis() - 200,
                () -> "the run took " + tookMillis + " ms with the older snapshot closed after 400 ms");
    }

    @Test
    void aRunThatDeletesNothingDoesNotWaitForReaders() throws Exception {
        retention.runOnce();
        try (SnapshotLease open = leases.open(Duration.ofSeconds(60), Caller.INTERNAL)) {
            long started = System.nanoTime();
            retention.runOnce();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis < checkpointWait().toMillis() / 2, () -> "an empty run took " + tookMillis + " ms");
        }
    }

    @Test
    void rowsYoungerThanTheRetentionStay() throws Exception {
        String marker = insertEvents("1 minute", 50);
        retention.runOnce();
        try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL)) {
            assertEquals(50, count(lease, marker));
        }
    }

    /** The server's tidepool.ingest.checkpoint-wait (the bean's own field is out of reach behind its CDI proxy). */
    private static Duration checkpointWait() {
        return ConfigProvider.getConfig().getOptionalValue("tidepool.ingest.checkpoint-wait", Duration.class).orElse(Duration.ofSeconds(2));
    }

    /** Rows of script_events dated {@code age} ago, committed by the writer; returns their name. */
    private String insertEvents(String age, int rows) throws Exception {
        String marker = "incontainer-retention-" + System.nanoTime();
        writer.runExclusively("in-container test rows", connection -> {
            try (Statement insert = connection.createStatement()) {
                // The marker is this test's own text, not input.
                insert.execute("INSERT INTO script_events (timestamp, script_id, name, severity) SELECT now() - INTERVAL " + age
                        + ", 'incontainer', '" + marker + "', 'info' FROM range(" + rows + ")");
            }
            return null;
        }).get(30, TimeUnit.SECONDS);
        return marker;
    }

    private static long count(SnapshotLease lease, String name) throws SQLException {
        try (LeasedStatement statement = lease.prepare("SELECT count(*) FROM script_events WHERE name = ?").setString(1, name);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

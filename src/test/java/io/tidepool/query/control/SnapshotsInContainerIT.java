package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tidepool.incontainer.TidepoolArchive;
import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.ingest.entity.ScriptEventRecord;
import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.query.entity.Caller;

/**
 * Inside Liberty (Arquillian): the read path's guarantees on Tidepool's own beans and the real pool, which an HTTP
 * client only ever sees as a status code. A lease is one read-only snapshot: the engine refuses writes in it, a
 * writer's commit reaches it whole or not at all, and its deadline cancels what runs on it and gives back a
 * connection that serves the next request.
 */
@ExtendWith(ArquillianExtension.class)
class SnapshotsInContainerIT {

    private static final String COUNT_EVENTS = "SELECT count(*) FROM script_events WHERE name = ?";
    /** Minutes of work for one DuckDB thread: only a cancel ends it within a test. */
    private static final String ENDLESS = "SELECT sum(a.range % 7) FROM range(1000000000000) a";

    @Deployment
    static WebArchive deployment() {
        return TidepoolArchive.with(SnapshotsInContainerIT.class);
    }

    @Inject
    SnapshotLeases leases;

    @Inject
    TelemetryWriter writer;

    @Inject
    ExecutionGate gate;

    @Resource(lookup = "jdbc/agentdb-ro")
    DataSource readers;

    @Test
    void aWriteInsideALeasedSnapshotIsRefusedByTheEngine() throws SQLException {
        try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL);
                LeasedStatement insert = lease.prepare("INSERT INTO script_events (timestamp, name, severity) VALUES (now(), 'sneaky', 'info')")) {
            SQLException refused = assertThrows(SQLException.class, insert::executeQuery);
            assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains("read-only"), refused::getMessage);
        }
        try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL)) {
            assertEquals(0, count(lease, "sneaky"));
        }
    }

    @Test
    void schemaChangesInsideALeasedSnapshotAreRefusedToo() throws SQLException {
        // A lease each: a refused statement aborts its transaction.
        for (String sql : List.of("CREATE TABLE incontainer_sneaky (x INTEGER)", "DROP TABLE script_events")) {
            try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL); LeasedStatement statement = lease.prepare(sql)) {
                SQLException refused = assertThrows(SQLException.class, statement::executeQuery, sql);
                assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains("read-only"), () -> sql + ": " + refused.getMessage());
            }
        }
        try (Connection connection = readers.getConnection(); Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('incontainer_sneaky', 'script_events')")) {
            tables.next();
            assertEquals(1, tables.getInt(1), "script_events is still there and nothing was created");
        }
    }

    @Test
    void aSnapshotOpenedBeforeACommitSeesNoneOfItAndOneOpenedAfterSeesAllOfIt() throws Exception {
        String marker = "incontainer-commit-" + System.nanoTime();
        try (SnapshotLease before = leases.open(Duration.ofSeconds(30), Caller.INTERNAL)) {
            assertEquals(0, count(before, marker));
            writer.submit(events(marker, 500)).get(30, TimeUnit.SECONDS);
            assertEquals(0, count(before, marker), "the snapshot began before the commit");
            try (SnapshotLease after = leases.open(Duration.ofSeconds(30), Caller.INTERNAL)) {
                assertEquals(500, count(after, marker));
            }
        }
    }

    @Test
    void readersDuringGroupCommitsOnlyEverSeeWholeBatches() throws Exception {
        String marker = "incontainer-group-" + System.nanoTime();
        int batches = 40;
        int rowsPerBatch = 100;
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            commits.add(writer.submit(events(marker, rowsPerBatch)));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new));
        TreeSet<Long> seen = new TreeSet<>();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!all.isDone() && System.nanoTime() < giveUp) {
            try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL)) {
                seen.add(count(lease, marker));
            }
        }
        all.get(30, TimeUnit.SECONDS);
        try (SnapshotLease lease = leases.open(Duration.ofSeconds(10), Caller.INTERNAL)) {
            seen.add(count(lease, marker));
        }
        assertEquals((long) batches * rowsPerBatch, seen.last());
        for (long rows : seen) {
            assertEquals(0, rows % rowsPerBatch, () -> "a reader saw part of a batch: " + seen);
        }
    }

    @Test
    void aDeadlineCancelsARunningStatementAndItsConnectionServesTheNextLease() throws SQLException {
        // All but one reader connection held: both leases below must use the same, last one.
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 19; i++) {
                held.add(readers.getConnection());
            }
            long started = System.nanoTime();
            try (SnapshotLease lease = leases.open(Duration.ofSeconds(1), Caller.INTERNAL); LeasedStatement endless = lease.prepare(ENDLESS)) {
                SQLException cancelled = assertThrows(SQLException.class, endless::executeQuery);
                assertTrue(lease.deadline().expired(), () -> "cancelled by its deadline: " + cancelled);
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis >= 900 && tookMillis < 5_000, () -> "ran " + tookMillis + " ms of a 1 s deadline");
            try (SnapshotLease next = leases.open(Duration.ofSeconds(10), Caller.INTERNAL);
                    LeasedStatement answer = next.prepare("SELECT 42"); ResultSet rows = answer.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(42, rows.getInt(1));
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void cancelledLeasesGiveBackEveryConnection() throws SQLException {
        for (int i = 0; i < 25; i++) {
            try (SnapshotLease lease = leases.open(Duration.ofMillis(200), Caller.INTERNAL); LeasedStatement endless = lease.prepare(ENDLESS)) {
                assertThrows(SQLException.class, endless::executeQuery);
            }
        }
        List<Connection> held = new ArrayList<>();
        try {
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                held.add(readers.getConnection());
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMillis < 5_000, () -> "20 connections took " + tookMillis + " ms: one waited for a leaked connection");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void aLeaseWhoseDeadlinePassedStartsNoStatement() throws Exception {
        try (SnapshotLease lease = leases.open(Duration.ofMillis(100), Caller.INTERNAL)) {
            TimeUnit.MILLISECONDS.sleep(300);
            assertTrue(lease.deadline().expired());
            assertThrows(Deadline.Expired.class, () -> lease.prepare("SELECT 1"));
        }
    }

    @Test
    void theExecutionGateLetsNoMoreStatementsRunThanItHasSlots() throws InterruptedException {
        List<ExecutionGate.Permit> permits = new ArrayList<>();
        try {
            ExecutionGate.Permit permit;
            while (permits.size() < 64 && (permit = gate.enter(false, Duration.ofMillis(200))) != null) {
                permits.add(permit);
            }
            int taken = permits.size();
            assertTrue(taken >= 1 && taken <= Runtime.getRuntime().availableProcessors(),
                    () -> taken + " permits on " + Runtime.getRuntime().availableProcessors() + " processors");
            assertEquals(taken, gate.executing());
            permits.remove(0).close();
            ExecutionGate.Permit freed = gate.enter(false, Duration.ofSeconds(1));
            assertNotNull(freed, "a closed permit lets the next statement in");
            permits.add(freed);
        } finally {
            permits.forEach(ExecutionGate.Permit::close);
        }
        assertEquals(0, gate.executing());
    }

    static WriteBatch events(String name, int rows) {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<ScriptEventRecord> events = IntStream.range(0, rows)
                .mapToObj(i -> new ScriptEventRecord(now, "incontainer", null, name, "info", "{\"i\": " + i + "}")).toList();
        return new WriteBatch(List.of(), List.of(), List.of(), events);
    }

    static long count(SnapshotLease lease, String name) throws SQLException {
        try (LeasedStatement statement = lease.prepare(COUNT_EVENTS).setString(1, name); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.duckdb.DuckDBConnection;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.platform.LogEvent;
import io.tidepool.platform.Stopping;
import io.tidepool.storage.DatabaseFile;

/**
 * The single writer. Batches wait in a {@link WriteQueue} bounded by rows; one thread takes
 * everything waiting (up to a cap) and commits it in one transaction, so concurrent senders share
 * commits instead of queueing behind each other's. Each batch's future completes only after its
 * transaction commits, which is when its sender may be told the data is stored. Rows go in through
 * DuckDB's Appender on the writer's own connection ({@link WriterConnection}). Maintenance
 * ({@link WriterTask}) runs on the same thread, in queue order, between commits. Whatever fails
 * inside a commit or a task, every sender gets an answer, the queue's count stays exact and the
 * thread goes on; readiness reports a writer whose last commit failed.
 */
@ApplicationScoped
public class TelemetryWriter implements WriteQueue.Sink {

    public static final int STARTUP_PRIORITY = DatabaseFile.STARTUP_PRIORITY + 100;

    private static final Logger LOG = Logger.getLogger(TelemetryWriter.class.getName());
    /** How long after a refused batch the queue still counts as full for readiness. */
    private static final long FULL_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the stop waits for the writer to commit what is queued and checkpoint. */
    private static final long STOP_WAIT_MILLIS = 30_000;
    private static final long POLL_MILLIS = 200;

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    @Inject
    IngestMetrics metrics;

    /** The data sources' URL (server.xml), so the writer's connection joins their DuckDB instance. */
    @Inject
    @ConfigProperty(name = "tidepool.db.url")
    String databaseUrl;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.queue-capacity", defaultValue = "200000")
    long queueCapacityRows;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.max-commit-rows", defaultValue = "50000")
    long maxCommitRows;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.stuck-after", defaultValue = "30s")
    Duration stuckAfter;

    /** Counts the commits and tasks that may have changed the data; readers key cached answers on it. */
    private final AtomicLong dataVersion = new AtomicLong();
    private final CommitStamps stamps = new CommitStamps();
    private WriteQueue queue;
    private WriterConnection connection;
    private volatile boolean running;
    private volatile long busySinceNanos;
    private volatile String writeFailure;
    private Thread thread;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
        queue = new WriteQueue(queueCapacityRows, maxCommitRows, metrics::visibleAfter);
        connection = new WriterConnection(databaseUrl);
        try {
            stamps.resume(connection.get());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the last commit stamp from the database: " + e.getMessage(), e);
        }
        running = true;
        thread = threads.newThread(this::drain);
        thread.setName("tidepool-writer");
        thread.start();
        metrics.registerQueue(this);
        LOG.info(() -> "Tidepool writer started (queue capacity " + queueCapacityRows + " rows, at most "
                + maxCommitRows + " rows per commit).");
    }

    /**
     * Queues a batch; the future completes once its rows are committed.
     *
     * @throws QueueFullException when the queue cannot take the batch's rows now
     */
    public CompletableFuture<Void> submit(WriteBatch batch) {
        if (!running) {
            throw new WriterStoppedException();
        }
        return queue.submit(batch);
    }

    /** Runs {@code task} on the writer thread after everything queued before it; no commit runs meanwhile. */
    public <T> CompletableFuture<T> runExclusively(String name, WriterTask<T> task) {
        if (!running) {
            return CompletableFuture.failedFuture(new WriterStoppedException());
        }
        return queue.runExclusively(name, task);
    }

    /**
     * A number that grows with every commit and maintenance task, incremented before their callers
     * are answered. Read it before opening a snapshot: that snapshot then holds at least the data
     * of this version.
     */
    public long dataVersion() {
        return dataVersion.get();
    }

    public long queuedRows() {
        return queue.queuedRows();
    }

    public long queueCapacityRows() {
        return queueCapacityRows;
    }

    /** Whether the writer has work: rows waiting or a commit or task running. Readers yield a core to it then. */
    public boolean hasBacklog() {
        return queue.queuedRows() > 0 || busySinceNanos != 0;
    }

    /** Whether the writer thread is running (it only stops at shutdown). */
    public boolean isAlive() {
        return running && thread != null && thread.isAlive();
    }

    /** Full while the queue holds its capacity, and for a second after it refused a batch. */
    public boolean isFull() {
        return queue.queuedRows() >= queueCapacityRows || System.nanoTime() - queue.lastRefusalNanos() < FULL_HOLD_NANOS;
    }

    /** Stuck when one commit or task has run longer than {@code tidepool.ingest.stuck-after}. */
    public boolean isStuck() {
        long since = busySinceNanos;
        return since != 0 && System.nanoTime() - since > stuckAfter.toNanos();
    }

    /** Why the last commit failed, while no commit has succeeded since; null when writes work. */
    public String writeFailure() {
        return writeFailure;
    }

    private void drain() {
        try {
            while (running || !queue.isEmpty()) {
                try {
                    queue.drainOnce(this, POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException | Error e) {
                    // WriteQueue has answered everyone already; whatever this was, the next batch still gets written.
                    LOG.log(Level.SEVERE, "The writer loop failed unexpectedly and continues: " + e, e);
                }
            }
        } finally {
            running = false;
            queue.refuseAll(new WriterStoppedException());
            checkpoint();
            connection.close();
        }
    }

    @Override
    public void commit(List<WriteBatch> group) throws SQLException {
        long started = System.nanoTime();
        busySinceNanos = started;
        try {
            DuckDBConnection writer = connection.get();
            execute(writer, "BEGIN TRANSACTION");
            try {
                TableAppends.append(writer, group, stamps.next());
                execute(writer, "COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollback(writer);
                connection.discard();
                throw e;
            }
            // Before anyone is told the rows are stored: an acknowledged sender must never read a
            // cached answer from before its own commit.
            dataVersion.incrementAndGet();
            writeFailure = null;
            metrics.committed(group.stream().mapToInt(WriteBatch::rows).sum(), System.nanoTime() - started);
        } finally {
            busySinceNanos = 0;
        }
    }

    @Override
    public <T> T run(WriterTask<T> task) throws SQLException, InterruptedException {
        busySinceNanos = System.nanoTime();
        try {
            return task.run(connection.get());
        } catch (SQLException | RuntimeException | Error e) {
            connection.discard();
            throw e;
        } finally {
            // Even a task that failed half-way (deletes committed, checkpoint failed) may have changed the data.
            dataVersion.incrementAndGet();
            busySinceNanos = 0;
        }
    }

    @Override
    public void failed(String what, int batches, long rows, Throwable failure) {
        if (batches == 0 && rows == 0) {
            LogEvent.named("writer_task_failed").field("task", what).field("error", String.valueOf(failure.getMessage()))
                    .log(LOG, Level.WARNING, () -> "Writer " + what + " failed: " + failure, failure instanceof Error ? failure : null);
            return;
        }
        LogEvent event = LogEvent.named("commit_failed").field("batches", batches).field("rows", rows)
                .field("error", String.valueOf(failure.getMessage())).field("retried", batches == 0);
        if (batches == 0) {
            event.log(LOG, Level.WARNING, () -> "A shared commit of " + rows + " rows failed (" + failure
                    + "); committing each batch alone", null);
            return;
        }
        writeFailure = failure.toString();
        event.log(LOG, Level.WARNING, () -> "A write of " + rows + " rows (" + batches + " batches) failed and was not stored: "
                + failure, failure instanceof Error ? failure : null);
    }

    /**
     * Moves the write-ahead log into the database file, so that the next start has nothing to
     * replay even if the JVM is killed before DuckDB closes the file.
     */
    private void checkpoint() {
        long started = System.nanoTime();
        try {
            execute(connection.get(), "CHECKPOINT");
            LOG.info(() -> "Tidepool writer stopped: every queued batch was committed or failed, and the checkpoint took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms.");
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "Tidepool writer stopped: every queued batch was committed or failed, but the final checkpoint "
                    + "failed (" + e.getMessage() + "); DuckDB replays its write-ahead log at the next start.");
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void rollback(Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Rollback after a failed write failed too: {0}", e.getMessage());
        }
    }

    /** The last step when Tidepool stops: everything else that writes has stopped by then. */
    void onStopping(@Observes @Priority(Stopping.WRITES) Stopping event) {
        stop();
    }

    /** Stops taking batches (503 to senders), commits what is queued, checkpoints, then returns. */
    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(STOP_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warning(() -> "Tidepool writer has not stopped within " + STOP_WAIT_MILLIS / 1000 + " s; "
                        + queue.queuedRows() + " rows are still queued.");
            }
        }
    }
}

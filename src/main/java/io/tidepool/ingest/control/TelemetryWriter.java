package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.entity.WriteBatch;
import io.tidepool.platform.LogEvent;
import io.tidepool.platform.Stopping;
import io.tidepool.storage.DatabaseFile;

/**
 * The single writer. Batches wait in a queue bounded by rows; one thread takes everything waiting
 * (up to a cap) and commits it in one transaction, so concurrent senders share commits instead of
 * queueing behind each other's. Each batch's future completes only after its transaction commits,
 * which is when its sender may be told the data is stored. If a shared commit fails, each batch is
 * retried on its own so one bad batch cannot fail the others. Maintenance ({@link WriterTask}) runs
 * on the same thread, in queue order, between commits.
 */
@ApplicationScoped
public class TelemetryWriter {

    public static final int STARTUP_PRIORITY = DatabaseFile.STARTUP_PRIORITY + 100;

    private static final Logger LOG = Logger.getLogger(TelemetryWriter.class.getName());
    /** How long after a refused batch the queue still counts as full for readiness. */
    private static final long FULL_HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the stop waits for the writer to commit what is queued and checkpoint. */
    private static final long STOP_WAIT_MILLIS = 30_000;

    @Resource(lookup = "jdbc/agentdb-rw")
    DataSource writerPool;

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    @Inject
    IngestMetrics metrics;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.queue-capacity", defaultValue = "200000")
    long queueCapacityRows;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.max-commit-rows", defaultValue = "50000")
    long maxCommitRows;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.stuck-after", defaultValue = "30s")
    Duration stuckAfter;

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedRows = new AtomicLong();
    /** Counts the commits and tasks that may have changed the data; readers key cached answers on it. */
    private final AtomicLong dataVersion = new AtomicLong();
    private volatile boolean running;
    private volatile long busySinceNanos;
    private volatile long lastRefusalNanos = System.nanoTime() - 2 * FULL_HOLD_NANOS;
    private Thread thread;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
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
        int rows = batch.rows();
        long current;
        do {
            current = queuedRows.get();
            if (current + rows > queueCapacityRows && current > 0) {
                lastRefusalNanos = System.nanoTime();
                throw new QueueFullException("the write queue holds " + current + " rows (capacity "
                        + queueCapacityRows + "); retry shortly");
            }
        } while (!queuedRows.compareAndSet(current, current + rows));
        Pending pending = new Pending(batch, new CompletableFuture<>(), System.nanoTime());
        queue.add(pending);
        return pending.committed();
    }

    /** Runs {@code task} on the writer thread after everything queued before it; no commit runs meanwhile. */
    public <T> CompletableFuture<T> runExclusively(String name, WriterTask<T> task) {
        if (!running) {
            return CompletableFuture.failedFuture(new WriterStoppedException());
        }
        Exclusive<T> work = new Exclusive<>(name, task, new CompletableFuture<>());
        queue.add(work);
        return work.done();
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
        return queuedRows.get();
    }

    /** Whether the writer has work: rows waiting or a commit or task running. Readers yield a core to it then. */
    public boolean hasBacklog() {
        return queuedRows.get() > 0 || busySinceNanos != 0;
    }

    public long queueCapacityRows() {
        return queueCapacityRows;
    }

    /** Whether the writer thread is running (it only stops at shutdown). */
    public boolean isAlive() {
        return running && thread != null && thread.isAlive();
    }

    /** Full while the queue holds its capacity, and for a second after it refused a batch. */
    public boolean isFull() {
        return queuedRows.get() >= queueCapacityRows || System.nanoTime() - lastRefusalNanos < FULL_HOLD_NANOS;
    }

    /** Stuck when one commit or task has run longer than {@code tidepool.ingest.stuck-after}. */
    public boolean isStuck() {
        long since = busySinceNanos;
        return since != 0 && System.nanoTime() - since > stuckAfter.toNanos();
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                Work first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                if (first instanceof Exclusive<?> task) {
                    runTask(task);
                    continue;
                }
                List<Pending> group = new ArrayList<>();
                group.add((Pending) first);
                long rows = ((Pending) first).batch().rows();
                while (rows < maxCommitRows && queue.peek() instanceof Pending next) {
                    queue.poll();
                    group.add(next);
                    rows += next.batch().rows();
                }
                commitGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "The writer loop failed unexpectedly and continues: " + e, e);
            }
        }
        refuseLeftovers();
        checkpoint();
    }

    /** Work queued in the instant between a sender's check of {@code running} and the loop's end. */
    private void refuseLeftovers() {
        Work work;
        while ((work = queue.poll()) != null) {
            if (work instanceof Pending pending) {
                complete(List.of(pending), new WriterStoppedException());
            } else if (work instanceof Exclusive<?> task) {
                task.done().completeExceptionally(new WriterStoppedException());
            }
        }
    }

    /**
     * Moves the write-ahead log into the database file, so that the next start has nothing to
     * replay even if the JVM is killed before DuckDB closes the file.
     */
    private void checkpoint() {
        long started = System.nanoTime();
        try (Connection connection = writerPool.getConnection()) {
            execute(connection, "CHECKPOINT");
            LOG.info(() -> "Tidepool writer stopped: every queued batch was committed or failed, and the checkpoint took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms.");
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "Tidepool writer stopped: every queued batch was committed or failed, but the final checkpoint "
                    + "failed (" + e.getMessage() + "); DuckDB replays its write-ahead log at the next start.");
        }
    }

    private <T> void runTask(Exclusive<T> task) throws InterruptedException {
        busySinceNanos = System.nanoTime();
        try (Connection connection = writerPool.getConnection()) {
            T result = task.task().run(connection);
            dataVersion.incrementAndGet();
            task.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            LogEvent.named("writer_task_failed").field("task", task.name()).field("error", e.getMessage())
                    .log(LOG, Level.WARNING, () -> "Writer task " + task.name() + " failed: " + e.getMessage());
            task.done().completeExceptionally(e);
        } catch (InterruptedException e) {
            task.done().completeExceptionally(e);
            throw e;
        } finally {
            busySinceNanos = 0;
        }
    }

    private void commitGroup(List<Pending> group) {
        long started = System.nanoTime();
        busySinceNanos = started;
        try {
            commit(group);
            // Before anyone is told the rows are stored: an acknowledged sender must never read a
            // cached answer from before its own commit.
            dataVersion.incrementAndGet();
            long committed = System.nanoTime();
            metrics.committed(group.stream().mapToInt(p -> p.batch().rows()).sum(), committed - started);
            for (Pending pending : group) {
                metrics.visibleAfter(committed - pending.receivedNanos());
            }
            complete(group, null);
        } catch (SQLException e) {
            long rows = group.stream().mapToLong(p -> p.batch().rows()).sum();
            LogEvent event = LogEvent.named("commit_failed").field("batches", group.size()).field("rows", rows)
                    .field("error", e.getMessage());
            if (group.size() == 1) {
                event.field("retried", false).log(LOG, Level.WARNING,
                        () -> "A write of " + rows + " rows failed and was not stored: " + e.getMessage());
                complete(group, e);
                return;
            }
            event.field("retried", true).log(LOG, Level.WARNING, () -> "A shared commit of " + group.size() + " batches ("
                    + rows + " rows) failed (" + e.getMessage() + "); committing each batch alone");
            for (Pending pending : group) {
                commitGroup(List.of(pending));
            }
        } finally {
            busySinceNanos = 0;
        }
    }

    private void commit(List<Pending> group) throws SQLException {
        try (Connection connection = writerPool.getConnection()) {
            execute(connection, "BEGIN TRANSACTION");
            try {
                List<WriteBatch> batches = group.stream().map(Pending::batch).toList();
                TableInserts.spans(connection, batches.stream().flatMap(b -> b.spans().stream()).toList());
                TableInserts.httpMetrics(connection, batches.stream().flatMap(b -> b.httpMetrics().stream()).toList());
                TableInserts.systemMetrics(connection, batches.stream().flatMap(b -> b.systemMetrics().stream()).toList());
                TableInserts.scriptEvents(connection, batches.stream().flatMap(b -> b.scriptEvents().stream()).toList());
                execute(connection, "COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    private void complete(List<Pending> group, Throwable failure) {
        for (Pending pending : group) {
            queuedRows.addAndGet(-pending.batch().rows());
            if (failure == null) {
                pending.committed().complete(null);
            } else {
                pending.committed().completeExceptionally(failure);
            }
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
                        + queuedRows.get() + " rows are still queued.");
            }
        }
    }

    private sealed interface Work permits Pending, Exclusive {
    }

    private record Pending(WriteBatch batch, CompletableFuture<Void> committed, long receivedNanos) implements Work {
    }

    private record Exclusive<T>(String name, WriterTask<T> task, CompletableFuture<T> done) implements Work {
    }
}

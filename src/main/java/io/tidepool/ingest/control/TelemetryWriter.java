package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
import io.tidepool.storage.DatabaseFile;

/**
 * The single writer. Batches wait in a queue bounded by rows; one thread takes everything waiting
 * (up to a cap) and commits it in one transaction, so concurrent senders share commits instead of
 * queueing behind each other's. Each batch's future completes only after its transaction commits,
 * which is when its sender may be told the data is stored. If a shared commit fails, each batch is
 * retried on its own so one bad batch cannot fail the others.
 */
@ApplicationScoped
public class TelemetryWriter {

    public static final int STARTUP_PRIORITY = DatabaseFile.STARTUP_PRIORITY + 100;

    private static final Logger LOG = Logger.getLogger(TelemetryWriter.class.getName());

    @Resource(lookup = "jdbc/agentdb-rw")
    DataSource writerPool;

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.queue-capacity", defaultValue = "200000")
    long queueCapacityRows;

    @Inject
    @ConfigProperty(name = "tidepool.ingest.max-commit-rows", defaultValue = "50000")
    long maxCommitRows;

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedRows = new AtomicLong();
    private volatile boolean running;
    private Thread thread;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
        running = true;
        thread = threads.newThread(this::drain);
        thread.setName("tidepool-writer");
        thread.start();
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
            throw new QueueFullException("the writer is not running");
        }
        int rows = batch.rows();
        long current;
        do {
            current = queuedRows.get();
            if (current + rows > queueCapacityRows && current > 0) {
                throw new QueueFullException("the write queue holds " + current + " rows (capacity "
                        + queueCapacityRows + "); retry shortly");
            }
        } while (!queuedRows.compareAndSet(current, current + rows));
        Pending pending = new Pending(batch, new CompletableFuture<>());
        queue.add(pending);
        return pending.committed();
    }

    public long queuedRows() {
        return queuedRows.get();
    }

    public long queueCapacityRows() {
        return queueCapacityRows;
    }

    /** Whether the writer thread is running (it only stops at shutdown). */
    public boolean isAlive() {
        return running && thread != null && thread.isAlive();
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<Pending> group = new ArrayList<>();
                group.add(first);
                long rows = first.batch().rows();
                Pending next;
                while (rows < maxCommitRows && (next = queue.poll()) != null) {
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
        LOG.info("Tidepool writer stopped; every queued batch was committed or failed.");
    }

    private void commitGroup(List<Pending> group) {
        try {
            commit(group);
            complete(group, null);
        } catch (SQLException e) {
            if (group.size() == 1) {
                LOG.log(Level.WARNING, "A write of {0} rows failed and was not stored: {1}",
                        new Object[] {group.get(0).batch().rows(), e.getMessage()});
                complete(group, e);
                return;
            }
            LOG.log(Level.WARNING, "A shared commit of {0} batches failed ({1}); committing each batch alone",
                    new Object[] {group.size(), e.getMessage()});
            for (Pending pending : group) {
                commitGroup(List.of(pending));
            }
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

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void rollback(Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Rollback after a failed write failed too: {0}", e.getMessage());
        }
    }

    /** Stops taking batches, commits what is queued, then returns. */
    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Pending(WriteBatch batch, CompletableFuture<Void> committed) {
    }
}

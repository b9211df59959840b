package io.tidepool.query.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.Stopping;
import io.tidepool.query.control.QueryAdmission.Slot;
import io.tidepool.storage.ReadSnapshots;
import io.tidepool.query.entity.Caller;

/**
 * Hands out {@link SnapshotLease}s on the reader pool: admission first, then a read-only snapshot.
 * When Tidepool stops, it refuses new leases and gives the open ones
 * {@code tidepool.query.shutdown-grace} to finish before it cancels them.
 */
@ApplicationScoped
public class SnapshotLeases {

    private static final Logger LOG = Logger.getLogger(SnapshotLeases.class.getName());
    /** How long cancelled reads get to roll back and return their connections. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    @Resource(lookup = "jdbc/agentdb-ro")
    DataSource readers;

    @Inject
    DeadlineTimer deadlines;

    @Inject
    QueryAdmission admission;

    @Inject
    QueryLimits limits;

    @Inject
    ReadSnapshots snapshots;

    @Inject
    ExecutionGate gate;

    @Inject
    StatementCosts costs;

    private final Set<SnapshotLease> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * Starts a deadline of {@code timeout}, waits for a query slot within it (at most the queue
     * timeout), then opens a read-only snapshot. A script's request waits for a slot of its own share
     * first (see {@link QueryAdmission}).
     *
     * @throws ApiException 503 {@code shutting_down} once Tidepool is stopping, also for a request
     *                      that was still waiting for a slot
     */
    public SnapshotLease open(Duration timeout, Caller caller) {
        refuseWhileStopping();
        Deadline deadline = deadlines.start(timeout);
        Slot slot = null;
        ReadSnapshots.Ticket ticket = null;
        Connection connection = null;
        try {
            Duration remaining = deadline.remaining();
            long waitStarted = System.nanoTime();
            slot = admission.enter(limits.queueTimeout().compareTo(remaining) < 0 ? limits.queueTimeout() : remaining, caller);
            deadline.waited(System.nanoTime() - waitStarted);
            // It may have waited for its slot while the stop began.
            refuseWhileStopping();
            // Registered before BEGIN and released after ROLLBACK, so the writer knows when the readers
            // that could see rows it deleted are gone (see ReadSnapshots).
            ticket = snapshots.opening();
            connection = readers.getConnection();
            SnapshotLease.begin(connection);
            SnapshotLease lease = new SnapshotLease(slot, connection, deadline, ticket, gate, costs, open::remove);
            open.add(lease);
            if (stopping) {
                // The stop began while this one was opening and may not have seen it: it ends here.
                deadline.cutShort();
            }
            return lease;
        } catch (SQLException e) {
            release(deadline, slot, ticket, connection);
            throw new ApiException(503, "database_unavailable", "could not open a read snapshot: " + e.getMessage(), 1, e);
        } catch (RuntimeException | Error e) {
            // Whatever failed, nothing this request took may stay taken: a leaked ticket would hold up every
            // later retention run, a leaked slot would shrink the server's capacity for good.
            release(deadline, slot, ticket, connection);
            throw e;
        }
    }

    private static void release(Deadline deadline, Slot slot, ReadSnapshots.Ticket ticket, Connection connection) {
        closeQuietly(connection);
        if (ticket != null) {
            ticket.close();
        }
        if (slot != null) {
            slot.close();
        }
        deadline.close();
    }

    private void refuseWhileStopping() {
        if (stopping) {
            throw ApiException.shuttingDown("Tidepool is shutting down and takes no new queries; retry against another "
                    + "instance or after the restart");
        }
    }

    /** Refuses new reads, lets the open ones finish within the grace, then cancels the rest and waits for them to end. */
    void onStopping(@Observes @Priority(Stopping.READS) Stopping event) throws InterruptedException {
        stopping = true;
        long started = System.nanoTime();
        int inProgress = open.size();
        int cancelled = 0;
        if (!awaitNoneOpen(limits.shutdownGrace())) {
            for (SnapshotLease lease : open) {
                lease.deadline().cutShort();
                cancelled++;
            }
            awaitNoneOpen(CANCEL_WAIT);
        }
        int left = open.size();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (inProgress == 0 && cancelled == 0) {
            LOG.info("Reads stopped: none were in progress.");
            return;
        }
        String cancels = cancelled == 0 ? "all finished within the grace of " + limits.shutdownGrace().toMillis() + " ms"
                : cancelled + " still running after the grace of " + limits.shutdownGrace().toMillis() + " ms were cancelled";
        LOG.log(left == 0 ? Level.INFO : Level.WARNING, () -> "Reads stopped in " + millis + " ms: " + inProgress
                + " were in progress, " + cancels + (left == 0 ? "." : "; " + left + " had not ended " + CANCEL_WAIT.toSeconds()
                + " s after their cancel."));
    }

    private boolean awaitNoneOpen(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already failing; the original error is what the caller needs.
            }
        }
    }
}

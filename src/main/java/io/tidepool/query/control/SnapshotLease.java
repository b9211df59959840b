package io.tidepool.query.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.tidepool.platform.ApiException;
import io.tidepool.query.control.QueryAdmission.Slot;
import io.tidepool.storage.ReadSnapshots;

/**
 * Everything one read request holds: its admission slot, a pooled connection inside
 * {@code BEGIN TRANSACTION READ ONLY} (one consistent snapshot for the whole request, and the
 * engine refuses any write), and its deadline. Every statement on it executes through
 * {@link #execute}: under the deadline and with an {@link ExecutionGate} permit. Closing it
 * releases everything in the only safe order: stop the deadline, roll back on a fresh statement
 * (Liberty does not end a transaction begun in SQL, and DuckDB closes a statement that failed),
 * return the connection, free the slot.
 */
public final class SnapshotLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotLease.class.getName());

    private final Slot slot;
    private final Connection connection;
    private final Deadline deadline;
    private final ReadSnapshots.Ticket snapshot;
    private final ExecutionGate gate;
    private final StatementCosts costs;
    private final Consumer<SnapshotLease> onClose;

    SnapshotLease(Slot slot, Connection connection, Deadline deadline, ReadSnapshots.Ticket snapshot, ExecutionGate gate,
            StatementCosts costs, Consumer<SnapshotLease> onClose) {
        this.slot = slot;
        this.connection = connection;
        this.deadline = deadline;
        this.snapshot = snapshot;
        this.gate = gate;
        this.costs = costs;
        this.onClose = onClose;
    }

    /**
     * Begins the read-only snapshot. BEGIN and ROLLBACK are prepared statements so that Liberty's
     * statement cache keeps them parsed per connection, like every other statement of a request.
     */
    static void begin(Connection connection) throws SQLException {
        try (PreparedStatement begin = connection.prepareStatement("BEGIN TRANSACTION READ ONLY")) {
            begin.execute();
        }
    }

    /** Prepares {@code sql} for execution on this lease (Liberty's statement cache makes a repeated text cheap). */
    public LeasedStatement prepare(String sql) throws SQLException {
        if (deadline.expired()) {
            throw new Deadline.Expired();
        }
        return new LeasedStatement(this, connection.prepareStatement(sql), sql);
    }

    /**
     * Executes {@code statement} (whose text is {@code sql}) once an execution permit is free, within
     * this lease's deadline, and remembers how long it took. A statement whose recent executions took
     * longer than what is left of the deadline (but less than the whole of it) is not started: the
     * wait has eaten the time it needs, and starting it would only burn CPU until its cancel.
     *
     * @throws ApiException 503 {@code overloaded} when no permit came free in time, or too little time is left
     */
    <T> T execute(Statement statement, String sql, Deadline.Execution<T> call) throws SQLException {
        long expected = costs.expectedNanos(sql);
        refuseIfTooLate(expected);
        ExecutionGate.Permit permit;
        long waitStarted = System.nanoTime();
        try {
            permit = gate.enter(costs.isLight(sql), deadline.remaining());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Deadline.Expired();
        } finally {
            deadline.waited(System.nanoTime() - waitStarted);
        }
        if (permit == null) {
            throw ApiException.overloaded("every execution slot stayed busy until the request's "
                    + deadline.budget().toMillis() + " ms deadline; retry later", 1);
        }
        try (permit) {
            refuseIfTooLate(expected);
            long started = System.nanoTime();
            T result = deadline.run(statement, call);
            costs.record(sql, System.nanoTime() - started);
            return result;
        }
    }

    private void refuseIfTooLate(long expectedNanos) {
        long remaining = deadline.remaining().toNanos();
        if (expectedNanos > remaining && expectedNanos < deadline.budget().toNanos()) {
            throw ApiException.overloaded("this statement's recent executions took " + expectedNanos / 1_000_000
                    + " ms and only " + remaining / 1_000_000 + " ms of the request's deadline are left after waiting "
                    + "for an execution slot; retry later", 1);
        }
    }

    public Deadline deadline() {
        return deadline;
    }

    @Override
    public void close() {
        deadline.close();
        try (PreparedStatement rollback = connection.prepareStatement("ROLLBACK")) {
            rollback.execute();
        } catch (SQLException e) {
            // A connection whose transaction state is unknown must not serve the next request.
            LOG.log(Level.WARNING, "Rollback of a read-only snapshot failed, discarding the connection: {0}", e.getMessage());
            discard();
        }
        snapshot.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Returning a reader connection to the pool failed: {0}", e.getMessage());
        }
        slot.close();
        onClose.accept(this);
    }

    private void discard() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Discarding a reader connection failed: {0}", e.getMessage());
        }
    }
}

package io.tidepool.query.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.tidepool.query.control.QueryAdmission.Slot;
import io.tidepool.storage.ReadSnapshots;

/**
 * Everything one read request holds: its admission slot, a pooled connection inside
 * {@code BEGIN TRANSACTION READ ONLY} (one consistent snapshot for the whole request, and the
 * engine refuses any write), and its deadline. Closing it releases them in the only safe order:
 * stop the deadline, roll back on a fresh statement (Liberty does not end a transaction begun in
 * SQL, and DuckDB closes a statement that failed), return the connection, free the slot.
 */
public final class SnapshotLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SnapshotLease.class.getName());

    private final Slot slot;
    private final Connection connection;
    private final Deadline deadline;
    private final ReadSnapshots.Ticket snapshot;
    private final Consumer<SnapshotLease> onClose;

    SnapshotLease(Slot slot, Connection connection, Deadline deadline, ReadSnapshots.Ticket snapshot,
            Consumer<SnapshotLease> onClose) {
        this.slot = slot;
        this.connection = connection;
        this.deadline = deadline;
        this.snapshot = snapshot;
        this.onClose = onClose;
    }

    static void begin(Connection connection) throws SQLException {
        try (Statement begin = connection.createStatement()) {
            begin.execute("BEGIN TRANSACTION READ ONLY");
        }
    }

    public Connection connection() {
        return connection;
    }

    /** Prepares a statement that this lease's deadline will cancel if it runs out. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        deadline.watch(statement);
        return statement;
    }

    public Deadline deadline() {
        return deadline;
    }

    @Override
    public void close() {
        deadline.close();
        try (Statement rollback = connection.createStatement()) {
            rollback.execute("ROLLBACK");
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

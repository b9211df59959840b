package io.tidepool.query.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import io.tidepool.platform.ApiException;
import io.tidepool.query.control.QueryAdmission.Slot;
import io.tidepool.storage.ReadSnapshots;
import io.tidepool.query.entity.Caller;

/** Hands out {@link SnapshotLease}s on the reader pool: admission first, then a read-only snapshot. */
@ApplicationScoped
public class SnapshotLeases {

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

    /**
     * Waits for a query slot (at most the queue timeout, and never past {@code timeout}), then opens
     * a read-only snapshot whose deadline is {@code timeout} from now. A script's request waits for
     * a slot of its own share first (see {@link QueryAdmission}).
     */
    public SnapshotLease open(Duration timeout, Caller caller) {
        Deadline deadline = deadlines.start(timeout);
        Duration wait = limits.queueTimeout().compareTo(timeout) < 0 ? limits.queueTimeout() : timeout;
        Slot slot = admission.enter(wait, caller);
        Connection connection = null;
        // Registered before BEGIN and released after ROLLBACK, so the writer knows when the readers
        // that could see rows it deleted are gone (see ReadSnapshots).
        ReadSnapshots.Ticket ticket = snapshots.opening();
        try {
            connection = readers.getConnection();
            SnapshotLease.begin(connection);
            return new SnapshotLease(slot, connection, deadline, ticket);
        } catch (SQLException e) {
            closeQuietly(connection);
            ticket.close();
            slot.close();
            deadline.close();
            throw new ApiException(503, "database_unavailable", "could not open a read snapshot: " + e.getMessage(), 1, e);
        }
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

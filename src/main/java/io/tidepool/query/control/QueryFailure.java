package io.tidepool.query.control;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.tidepool.platform.ApiException;
import io.tidepool.storage.DatabaseError;

/** Turns a DuckDB failure during a read into the answer the caller gets. */
final class QueryFailure {

    private static final Logger LOG = Logger.getLogger(QueryFailure.class.getName());

    private QueryFailure() {
    }

    /**
     * For SQL the caller wrote: their mistakes are 400 with DuckDB's message, refusals 403,
     * a cancelled statement 504 if its deadline passed.
     */
    static ApiException ofCallerSql(SQLException e, Deadline deadline) {
        if (deadline.expired()) {
            return timeout(deadline);
        }
        return switch (DatabaseError.of(e)) {
            case CALLER -> ApiException.badRequest("sql_error", e.getMessage());
            case FORBIDDEN -> ApiException.forbidden("statement_not_allowed", e.getMessage());
            default -> ofServerSql(e, deadline);
        };
    }

    /**
     * A deadline that passed: 504 when the query itself took the time, 503 with Retry-After when the
     * request spent most of its budget waiting for its turn, since then the server was busy and a
     * retry later can succeed.
     */
    static ApiException timeout(Deadline deadline) {
        if (deadline.wasCutShort()) {
            return ApiException.shuttingDown("Tidepool is shutting down and cancelled the query; retry against another "
                    + "instance or after the restart");
        }
        if (deadline.mostlyWaited()) {
            return ApiException.overloaded("the request waited for its turn most of its " + deadline.budget().toMillis()
                    + " ms deadline, which passed before its query could finish; the server is busy, retry later", 1);
        }
        return ApiException.timeout("query exceeded its " + deadline.budget().toMillis() + " ms deadline and was cancelled");
    }

    /** For SQL Tidepool wrote (helper endpoints): anything but a timeout or exhaustion is our fault. */
    static ApiException ofServerSql(SQLException e, Deadline deadline) {
        DatabaseError kind = DatabaseError.of(e);
        if (deadline.expired()) {
            return timeout(deadline);
        }
        if (kind == DatabaseError.INTERRUPTED) {
            return new ApiException(503, "interrupted", "query was interrupted (server shutting down?); retry", 1, e);
        }
        if (kind == DatabaseError.OUT_OF_MEMORY) {
            return new ApiException(503, "out_of_memory", "the database ran out of memory for this query: " + e.getMessage(), 5, e);
        }
        LOG.log(Level.SEVERE, "Database error while reading: " + e.getMessage(), e);
        return new ApiException(500, "database_error", "the database failed: " + e.getMessage(), null, e);
    }
}

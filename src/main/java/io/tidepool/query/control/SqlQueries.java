package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;
import io.tidepool.query.entity.SqlRequest;

/**
 * Runs a script's SQL: admit, open a read-only snapshot, classify with DuckDB's parser, prepare
 * with the row cap applied, bind, execute. DuckDB computes the whole (capped) result inside the
 * execution, so every failure of the query becomes a proper HTTP status with DuckDB's own message
 * before the first byte is sent; the returned {@link OpenQuery} then writes the rows.
 */
@ApplicationScoped
public class SqlQueries {

    static final String ENDPOINT = "/db/query";

    @Inject
    SnapshotLeases leases;

    @Inject
    StatementClassifier classifier;

    @Inject
    QueryLimits limits;

    @Inject
    QueryMetrics metrics;

    @Inject
    SlowQueryLog slowQueries;

    @Inject
    StatementCosts costs;

    public OpenQuery open(SqlRequest request, Caller caller) {
        return open(request, caller, limits.maxRows());
    }

    /**
     * As {@link #open(SqlRequest, Caller)} with a smaller row cap (the MCP server's default answer is
     * 200 rows: an assistant's context is small); the LIMIT that DuckDB applies is sized by it.
     */
    public OpenQuery open(SqlRequest request, Caller caller, int maxRows) {
        if (maxRows < 1 || maxRows > limits.maxRows()) {
            throw ApiException.badRequest("invalid_parameter", "the row limit must be between 1 and " + limits.maxRows()
                    + " (tidepool.query.max-rows), got " + maxRows);
        }
        long started = System.nanoTime();
        SnapshotLease lease = leases.open(limits.sqlTimeout(), caller);
        LeasedStatement statement = null;
        StatementClassifier.Classified sql = null;
        try {
            sql = classifier.classify(lease, request.sql());
            String executed = sql.limited(maxRows);
            if (sql.readsNothing()) {
                // Light before it ever ran: it cannot wait behind scans for the cost it has yet to show.
                costs.assumeLight(executed);
            }
            statement = lease.prepare(executed);
            checkParameterCount(statement.parameterCount(), request.params().size());
            bind(statement, request.params());
            ResultSet rows = statement.executeQuery();
            return new OpenQuery(lease, statement, rows, maxRows, limits, metrics, slowQueries, caller, request.sql(), started);
        } catch (SQLException e) {
            close(statement, lease);
            SQLException failure = sql == null ? e : new SQLException(sql.inCallersLines(e.getMessage()), e.getSQLState(), e.getErrorCode(), e);
            throw rejected(QueryFailure.ofCallerSql(failure, lease.deadline()), request, caller, started);
        } catch (RuntimeException e) {
            close(statement, lease);
            throw e instanceof ApiException api ? rejected(api, request, caller, started) : e;
        }
    }

    /** Counts a failure; one that took long (a query cancelled at its deadline, typically) is also a slow query. */
    private ApiException rejected(ApiException e, SqlRequest request, Caller caller, long startedNanos) {
        slowQueries.record(ENDPOINT, caller, request.sql(), Duration.ofNanos(System.nanoTime() - startedNanos), 0, e.code());
        metrics.rejected(e.code());
        if ("timeout".equals(e.code())) {
            metrics.timeout(ENDPOINT);
        }
        return e;
    }

    /**
     * One value per placeholder, exactly: DuckDB binds a placeholder left without a value as NULL
     * (a wrong answer, not an error), and a value beyond the last placeholder fails the driver.
     */
    static void checkParameterCount(int placeholders, int values) {
        if (placeholders != values) {
            throw ApiException.badRequest("invalid_params", "the statement has " + placeholders + " parameter"
                    + (placeholders == 1 ? "" : "s") + ", the request gave " + values
                    + " (one value in 'params' per ?, or per distinct $n)");
        }
    }

    /** JSON parameters to positional parameters; arrays and objects bind as their JSON text. */
    static void bind(LeasedStatement statement, List<JsonValue> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            JsonValue value = params.get(i);
            int index = i + 1;
            switch (value.getValueType()) {
                case STRING -> statement.setString(index, ((JsonString) value).getString());
                case NUMBER -> {
                    JsonNumber number = (JsonNumber) value;
                    if (number.isIntegral() && number.bigDecimalValue().abs().compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                        statement.setLong(index, number.longValueExact());
                    } else if (number.isIntegral()) {
                        statement.setBigDecimal(index, number.bigDecimalValue());
                    } else {
                        statement.setDouble(index, number.doubleValue());
                    }
                }
                case TRUE -> statement.setBoolean(index, true);
                case FALSE -> statement.setBoolean(index, false);
                case NULL -> statement.setNull(index);
                default -> statement.setString(index, value.toString());
            }
        }
    }

    private static void close(LeasedStatement statement, SnapshotLease lease) {
        if (statement != null) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // The lease's rollback and return of the connection follow regardless.
            }
        }
        lease.close();
    }
}

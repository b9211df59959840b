package io.tidepool.query.control;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A prepared statement of one {@link SnapshotLease}: it executes only through the lease (deadline,
 * execution permit), and it goes back to Liberty's statement cache only if it never failed.
 *
 * <p>Why the last part matters: the DuckDB driver closes a statement itself when its execution fails,
 * and Liberty, returning a cached statement, first calls {@code getMoreResults()} on it, which then
 * throws "Statement was closed" with SQLState 08003 ("connection does not exist"). Liberty takes that
 * for a broken connection and destroys it (measured: 50 failing queries, 50 connections destroyed,
 * each with an FFDC incident). {@code closeOnCompletion()} makes Liberty's wrapper skip its cache for
 * this statement, so closing it just closes the (already closed) driver statement.
 */
public final class LeasedStatement implements AutoCloseable {

    private final SnapshotLease lease;
    private final PreparedStatement statement;
    private final String sql;
    private boolean failed;

    LeasedStatement(SnapshotLease lease, PreparedStatement statement, String sql) {
        this.lease = lease;
        this.statement = statement;
        this.sql = sql;
    }

    /**
     * The placeholders DuckDB found in the statement: each {@code ?}, and each distinct {@code $n}
     * once ({@code $1, $1, $2} counts 2; measured on 2.0.0.1).
     */
    public int parameterCount() throws SQLException {
        return statement.getParameterMetaData().getParameterCount();
    }

    public LeasedStatement setString(int index, String value) throws SQLException {
        statement.setString(index, value);
        return this;
    }

    public LeasedStatement setLong(int index, long value) throws SQLException {
        statement.setLong(index, value);
        return this;
    }

    public LeasedStatement setInt(int index, int value) throws SQLException {
        statement.setInt(index, value);
        return this;
    }

    public LeasedStatement setDouble(int index, double value) throws SQLException {
        statement.setDouble(index, value);
        return this;
    }

    public LeasedStatement setBoolean(int index, boolean value) throws SQLException {
        statement.setBoolean(index, value);
        return this;
    }

    public LeasedStatement setBigDecimal(int index, BigDecimal value) throws SQLException {
        statement.setBigDecimal(index, value);
        return this;
    }

    public LeasedStatement setNull(int index) throws SQLException {
        statement.setNull(index, Types.NULL);
        return this;
    }

    /**
     * Executes with an execution permit, within the lease's deadline; the whole result is computed
     * before this returns.
     */
    public ResultSet executeQuery() throws SQLException {
        return execute(true);
    }

    /**
     * Executes within the lease's deadline but without waiting for an execution permit: only for
     * statements that read no table and cost microseconds (parsing, reading a setting), which would
     * otherwise queue behind scans for nothing.
     */
    ResultSet executeTrivialQuery() throws SQLException {
        return execute(false);
    }

    private ResultSet execute(boolean permit) throws SQLException {
        try {
            return permit ? lease.execute(statement, sql, statement::executeQuery)
                    : lease.deadline().run(statement, statement::executeQuery);
        } catch (SQLException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        if (failed) {
            statement.closeOnCompletion();
        }
        statement.close();
    }
}

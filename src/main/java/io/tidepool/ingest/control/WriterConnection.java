package io.tidepool.ingest.control;

import java.sql.SQLException;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The single writer's own connection, opened from the DuckDB driver rather than borrowed from
 * {@code jdbc/agentdb-rw}: Liberty hands out wrappers that never unwrap to {@link DuckDBConnection},
 * and the Appender needs one. It uses the data sources' exact URL, so the driver joins the instance
 * they already opened (one DuckDB instance per file in the JVM; another configuration would be
 * refused): readers' snapshots see its commits exactly as they saw the pool's. Reopened after a
 * failure, since a connection whose last transaction broke is not trusted with the next one.
 */
final class WriterConnection implements AutoCloseable {

    private final String url;
    private DuckDBConnection connection;

    WriterConnection(String url) {
        this.url = url;
    }

    DuckDBConnection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = (DuckDBConnection) new DuckDBDriver().connect(url, new Properties());
        }
        return connection;
    }

    /** Drops the connection after a failure; the next {@link #get} opens a fresh one. */
    void discard() {
        close();
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Discarded either way.
            }
            connection = null;
        }
    }
}

package io.tidepool.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.Resource;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.tidepool.incontainer.TidepoolArchive;

/**
 * Inside Liberty (Arquillian): the data sources server.xml declares, as the application receives them. What HTTP
 * cannot see: the reader pool's cap and wait, one shared DuckDB instance whose settings nobody can change, and
 * that no reader connection reaches a file outside agent.db, the script store least of all.
 */
@ExtendWith(ArquillianExtension.class)
class DataSourcesInContainerIT {

    @Deployment
    static WebArchive deployment() {
        return TidepoolArchive.with(DataSourcesInContainerIT.class);
    }

    @Resource(lookup = "jdbc/agentdb-ro")
    DataSource readers;

    @Resource(lookup = "jdbc/agentdb-rw")
    DataSource writers;

    @Test
    void theReaderPoolLendsTwentyConnectionsAndTheTwentyFirstFailsAfterItsConnectionTimeout() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(readers.getConnection());
            }
            long started = System.nanoTime();
            SQLException refused = assertThrows(SQLException.class, readers::getConnection, "a 21st reader connection");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            // connectionTimeout="30s" on agentdbReader: it waits that long for a connection to come back, no longer.
            assertTrue(waited.compareTo(Duration.ofSeconds(29)) >= 0 && waited.compareTo(Duration.ofSeconds(40)) < 0,
                    () -> "waited " + waited.toMillis() + " ms before: " + refused);
            assertTrue(String.valueOf(refused.getMessage()).contains("J2CA0045E"), refused::toString);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        try (Connection again = readers.getConnection()) {
            assertTrue(again.isValid(5), "the pool serves again once connections are returned");
        }
    }

    @Test
    void readersAndTheWriterShareOneInstanceWhoseSettingsAreLocked() throws SQLException {
        try (Connection reader = readers.getConnection(); Connection writer = writers.getConnection()) {
            assertEquals("UTC", single(reader, "SELECT current_setting('TimeZone')"), "duckdb-init.sql ran on the instance");
            SQLException locked = refused(writer, "SET TimeZone = 'Asia/Kolkata'");
            assertTrue(locked.getMessage().contains("configuration has been locked"), locked::getMessage);
            assertEquals("UTC", single(writer, "SELECT current_setting('TimeZone')"));
            // One instance: both pools' connections see the same attached databases, agent.db alone.
            String databases = "SELECT string_agg(database_name || '=' || coalesce(path, ''), ',' ORDER BY database_name) "
                    + "FROM duckdb_databases() WHERE NOT internal";
            assertEquals(single(writer, databases), single(reader, databases));
            String attached = single(reader, databases);
            assertTrue(attached.endsWith("agent.db") && !attached.contains(","), attached);
        }
    }

    @Test
    void aReaderCannotReadFilesOutsideTheDatabase() throws SQLException {
        try (Connection reader = readers.getConnection()) {
            SQLException refused = refused(reader, "SELECT * FROM read_csv('/etc/hostname')");
            assertTrue(refused.getMessage().contains("disabled"), refused::getMessage);
        }
    }

    @Test
    void theScriptStoreCannotBeAttachedThroughTheReaders() throws SQLException {
        String store = ConfigProvider.getConfig().getValue("tidepool.scripts.store-path", String.class);
        try (Connection reader = readers.getConnection()) {
            refused(reader, "ATTACH '" + store + "' AS store (READ_ONLY)");
            SQLException unknown = refused(reader, "SELECT count(*) FROM store.scripts");
            assertTrue(unknown.getMessage().contains("does not exist"), unknown::getMessage);
            assertEquals("0", single(reader, "SELECT count(*) FROM duckdb_databases() WHERE path LIKE '%scripts.db'"),
                    "the script store is no database of the readers' instance");
        }
    }

    private static SQLException refused(Connection connection, String sql) throws SQLException {
        // A fresh statement each time: DuckDB closes a statement whose execution failed.
        try (Statement statement = connection.createStatement()) {
            return assertThrows(SQLException.class, () -> statement.execute(sql), sql);
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql);
            return rows.getString(1);
        }
    }
}

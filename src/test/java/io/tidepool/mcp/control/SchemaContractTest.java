package io.tidepool.mcp.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.tidepool.storage.Schema;

class SchemaContractTest {

    private static final JsonObject SCHEMA = describe();

    private static JsonObject describe() {
        try {
            return SchemaContract.describe(Files.readString(Path.of("docs/schema.md")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryTableOfTheContract() {
        List<String> tables = SCHEMA.getJsonArray("tables").getValuesAs(JsonObject.class).stream()
                .map(t -> t.getString("name")).toList();
        assertEquals(List.of("otel_spans_local", "beyla_http_metrics", "system_metrics_local", "script_events"), tables);
    }

    @Test
    void readsColumnsWithTypeAndMeaning() {
        JsonObject spans = SCHEMA.getJsonArray("tables").getJsonObject(0);
        JsonObject duration = spans.getJsonArray("columns").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("duration_ns")).findFirst().orElseThrow();
        assertEquals("BIGINT", duration.getString("type"));
        assertEquals("end minus start, nanoseconds", duration.getString("meaning"));
    }

    /** The contract the assistant reads names every column of every table, in order, with its type, as DuckDB creates them. */
    @Test
    void describesTheTablesAsTheSchemaCreatesThem() throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            for (String ddl : Schema.DDL) {
                statement.execute(ddl);
            }
            for (JsonObject table : SCHEMA.getJsonArray("tables").getValuesAs(JsonObject.class)) {
                List<String> described = table.getJsonArray("columns").getValuesAs(JsonObject.class).stream()
                        .map(c -> c.getString("name") + " " + c.getString("type")).toList();
                List<String> created = new ArrayList<>();
                try (ResultSet columns = statement.executeQuery("SELECT column_name, data_type FROM duckdb_columns() "
                        + "WHERE table_name = '" + table.getString("name") + "' ORDER BY column_index")) {
                    while (columns.next()) {
                        // The contract writes DuckDB's short name for this one type.
                        created.add(columns.getString(1) + " " + columns.getString(2).replace("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"));
                    }
                }
                assertEquals(created, described, table.getString("name"));
            }
        }
    }

    @Test
    void readsTheExamplesWithTheirTitles() {
        JsonObject first = SCHEMA.getJsonArray("examples").getJsonObject(0);
        assertEquals("Requests per service in the last five minutes, with p99 and error rate", first.getString("title"));
        assertTrue(first.getString("sql").startsWith("SELECT service_name, count(*) AS requests,"), first.getString("sql"));
        assertTrue(first.getString("sql").endsWith("ORDER BY p99_ms DESC;"), first.getString("sql"));
    }
}

package it.io.tidepool.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * The one directory DuckDB may write to since the export (its staging directory, through
 * {@code allowed_directories}) is no door for scripts: they cannot write there or anywhere, cannot
 * climb out of it, and cannot read the server's configuration, credentials or environment.
 * Against the shared server, whose staging directory is allowed in DuckDB whether or not it exports.
 */
class ExportSandboxIT {

    private static final Path SERVER = TidepoolServer.SERVER_DIR.toAbsolutePath().normalize();
    private static final Path STAGING = SERVER.resolve("data/export");

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("COPY (SELECT 1 AS x) TO '" + STAGING + "/evil.parquet' (FORMAT parquet)", 403),
                Arguments.of("COPY otel_spans_local TO '" + STAGING + "/evil.csv'", 403),
                Arguments.of("COPY (SELECT 1 AS x) TO '" + STAGING + "/backlog/otel_spans_local/evil.parquet' (FORMAT parquet)", 403),
                Arguments.of("EXPORT DATABASE '" + STAGING + "/evil'", 403),
                Arguments.of("SET allowed_directories = ['/']", 403),
                Arguments.of("SET GLOBAL allowed_paths = ['/etc/passwd']", 403),
                Arguments.of("SELECT * FROM read_text('" + SERVER.resolve("bootstrap.properties") + "')", 403),
                Arguments.of("SELECT * FROM read_text('" + STAGING + "/../../bootstrap.properties')", 403),
                Arguments.of("SELECT * FROM read_csv('" + STAGING + "/../../server.xml')", 403),
                Arguments.of("SELECT * FROM read_text('" + TidepoolServer.CREDENTIALS.toAbsolutePath() + "')", 403),
                Arguments.of("SELECT content FROM read_blob('" + STAGING + "/../../resources/security/key.p12')", 403),
                Arguments.of("SELECT * FROM read_text('/proc/self/environ')", 403),
                Arguments.of("SELECT * FROM glob('" + SERVER + "/*')", 403),
                Arguments.of("CREATE SECRET store (TYPE s3, KEY_ID 'x', SECRET 'y')", 403));
    }

    @ParameterizedTest(name = "[{index}] {1} for {0}")
    @MethodSource("statements")
    void isRefused(String sql, int expectedStatus) {
        Reply reply = TidepoolServer.query(sql);
        assertEquals(expectedStatus, reply.status(), () -> sql + " -> " + reply);
        assertFalse(reply.json().getJsonObject("error").getString("message").isBlank());
    }

    @Test
    void noSecretIsKnownToTheEngine() {
        // Scripts may not list secrets at all (FunctionPolicy), and no setting of the engine holds an S3 credential.
        Reply secrets = TidepoolServer.query("SELECT count(*) AS n FROM duckdb_secrets()");
        assertEquals(403, secrets.status(), secrets.toString());
        assertEquals("statement_not_allowed", secrets.errorCode(), secrets.toString());
        assertEquals(0, TidepoolServer.firstRow("SELECT count(*) AS n FROM duckdb_settings() WHERE name ILIKE '%s3%' AND value <> ''"
                + " AND name NOT IN ('s3_uploader_max_filesize', 's3_uploader_max_parts_per_file', 's3_uploader_thread_limit')")
                .getInt("n"));
    }

    @AfterAll
    static void nothingWasWritten() throws IOException {
        for (String name : List.of("evil.parquet", "evil.csv", "evil", "backlog/otel_spans_local/evil.parquet")) {
            assertFalse(Files.exists(STAGING.resolve(name)), name + " was created in " + STAGING);
        }
    }
}

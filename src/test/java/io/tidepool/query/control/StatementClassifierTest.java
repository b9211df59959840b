package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.tidepool.platform.ApiException;

/** Classification by DuckDB's own parser, on an in-memory DuckDB. */
class StatementClassifierTest {

    private static Connection db;
    private final StatementClassifier classifier = new StatementClassifier();

    @BeforeAll
    static void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE t (i INTEGER)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1", "select * from t where i = $1", "SELECT ?", "WITH x AS (SELECT 1) SELECT * FROM x", "FROM t",
        "VALUES (1), (2)", "DESCRIBE t", "SUMMARIZE t", "SHOW TABLES", "SHOW ALL TABLES", "SELECT 1;",
        "  SELECT 1 -- trailing comment", "(SELECT 1) UNION ALL (SELECT 2)"
    })
    void acceptsOneStatementOfAReadKindAsWritten(String sql) throws SQLException {
        assertEquals(sql, classifier.classify(db, sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EXPLAIN SELECT 1 | EXPLAIN SELECT 1",
        "explain analyze FROM t | EXPLAIN ANALYZE FROM t",
        "/* plan */ EXPLAIN SELECT 1 | EXPLAIN SELECT 1",
    })
    void acceptsExplainOfOneReadStatement(String sql, String executed) throws SQLException {
        assertEquals(executed, classifier.classify(db, sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INSERT INTO t VALUES (1) | statement_not_allowed",
        "CREATE TEMP TABLE x AS SELECT 1 | statement_not_allowed",
        "SET threads = 1 | statement_not_allowed",
        "PRAGMA version | statement_not_allowed",
        "CALL pragma_version() | statement_not_allowed",
        "EXPLAIN DELETE FROM t | statement_not_allowed",
        "SELECT 1; SELECT 2 | multiple_statements",
        "EXPLAIN SELECT 1; SELECT 2 | multiple_statements",
        "SELECT 1; DROP TABLE t | statement_not_allowed",
        "SELECT * FROM checkpoint() | statement_not_allowed",
        "SELECT * FROM (SELECT * FROM main.\"FORCE_CHECKPOINT\"()) | statement_not_allowed",
        "SELEC 1 | sql_error",
        "; | empty_sql",
        "EXPLAIN | empty_sql",
    })
    void refusesEverythingElseBeforeItIsPrepared(String sql, String code) {
        ApiException refused = assertThrows(ApiException.class, () -> classifier.classify(db, sql));
        assertEquals(code, refused.code(), refused.getMessage());
        assertEquals(code.equals("sql_error") || code.equals("empty_sql") ? 400 : 403, refused.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; CREATE TABLE leaked (i INTEGER)", "CREATE TABLE leaked (i INTEGER); SELECT 1"})
    void nothingRunsWhileClassifying(String sql) throws SQLException {
        assertThrows(ApiException.class, () -> classifier.classify(db, sql));
        try (Statement s = db.createStatement(); var rows = s.executeQuery(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'leaked'")) {
            rows.next();
            assertEquals(0, rows.getInt(1));
        }
    }

    @org.junit.jupiter.api.Test
    void remembersVerdictsSoRepeatedSqlIsNotParsedAgain() throws SQLException {
        Connection closed = DriverManager.getConnection("jdbc:duckdb:");
        closed.close();
        assertEquals("SELECT 42", classifier.classify(db, "SELECT 42"));
        assertThrows(ApiException.class, () -> classifier.classify(db, "DELETE FROM t"));
        // A closed connection would fail any parse: these answers come from the cache.
        assertEquals("SELECT 42", classifier.classify(closed, "SELECT 42"));
        ApiException refused = assertThrows(ApiException.class, () -> classifier.classify(closed, "DELETE FROM t"));
        assertEquals("statement_not_allowed", refused.code());
        assertThrows(SQLException.class, () -> classifier.classify(closed, "SELECT 43"));
    }
}

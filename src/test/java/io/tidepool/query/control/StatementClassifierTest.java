package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    /** DuckDB's parser on {@code connection}, as the server's leases run it. */
    private static StatementClassifier.Parser parser(Connection connection) {
        return sql -> {
            try (PreparedStatement serialize = connection.prepareStatement(StatementClassifier.SERIALIZE)) {
                serialize.setString(1, sql);
                try (ResultSet result = serialize.executeQuery()) {
                    result.next();
                    return result.getString(1);
                }
            }
        };
    }

    private StatementClassifier.Classified classify(Connection connection, String sql) throws SQLException {
        return classifier.classify(parser(connection), sql);
    }

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
        "VALUES (1), (2)", "DESCRIBE t", "SUMMARIZE t", "SHOW TABLES", "SHOW ALL TABLES",
        "  SELECT 1 -- trailing comment", "(SELECT 1) UNION ALL (SELECT 2)", "SELECT ';' AS s"
    })
    void acceptsOneStatementOfAReadKindAsWrittenAndCapsItsRows(String sql) throws SQLException {
        StatementClassifier.Classified accepted = classify(db, sql);

        assertEquals(sql, accepted.statement());
        assertEquals(sql.matches("(?is)\\s*(describe|summarize|show).*") ? "SELECT * FROM (\n" + sql + "\n) LIMIT 101"
                : "(\n" + sql + "\n) LIMIT 101", accepted.limited(100));
        assertRuns(accepted.limited(100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 1; | SELECT 1",
        "SELECT 1;; | SELECT 1",
        "SELECT 'a;b' AS s; -- done; | SELECT 'a;b' AS s",
        "FROM t; /* ; */ | FROM t",
    })
    void dropsAStatementTerminatorSoTheCapCanWrapTheStatement(String sql, String statement) throws SQLException {
        StatementClassifier.Classified accepted = classify(db, sql);

        assertEquals(statement, accepted.statement());
        assertRuns(accepted.limited(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT 42 AS answer | true",
        "SELECT now(), 1 + 1 | true",
        "VALUES (1), (2) | true",
        "FROM t | false",
        "SELECT * FROM range(3) | false",
        "SELECT (SELECT count(*) FROM t) AS n | false",
        "WITH x AS (SELECT * FROM t) SELECT 1 | false",
    })
    void tellsAStatementThatReadsNoTableFromOneThatDoes(String sql, boolean readsNothing) throws SQLException {
        assertEquals(readsNothing, classify(db, sql).readsNothing());
    }

    private static void assertRuns(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql.replace("$1", "1").replace("?", "1"))) {
            rows.next();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "EXPLAIN SELECT 1 | EXPLAIN SELECT 1",
        "explain analyze FROM t | EXPLAIN ANALYZE FROM t",
        "/* plan */ EXPLAIN SELECT 1 | EXPLAIN SELECT 1",
    })
    void acceptsExplainOfOneReadStatementAndRunsItUncapped(String sql, String executed) throws SQLException {
        StatementClassifier.Classified accepted = classify(db, sql);

        assertEquals(executed, accepted.statement());
        assertEquals(executed, accepted.limited(100));
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
        ApiException refused = assertThrows(ApiException.class, () -> classify(db, sql));
        assertEquals(code, refused.code(), refused.getMessage());
        assertEquals(code.equals("sql_error") || code.equals("empty_sql") ? 400 : 403, refused.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1; CREATE TABLE leaked (i INTEGER)", "CREATE TABLE leaked (i INTEGER); SELECT 1"})
    void nothingRunsWhileClassifying(String sql) throws SQLException {
        assertThrows(ApiException.class, () -> classify(db, sql));
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
        assertEquals("SELECT 42", classify(db, "SELECT 42").statement());
        assertThrows(ApiException.class, () -> classify(db, "DELETE FROM t"));
        // A closed connection would fail any parse: these answers come from the cache.
        assertEquals("SELECT 42", classify(closed, "SELECT 42").statement());
        ApiException refused = assertThrows(ApiException.class, () -> classify(closed, "DELETE FROM t"));
        assertEquals("statement_not_allowed", refused.code());
        assertThrows(SQLException.class, () -> classify(closed, "SELECT 43"));
    }
}

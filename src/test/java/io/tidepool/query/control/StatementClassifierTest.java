package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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
        "SELECT * FROM query('SELECT * FROM checkpoint()') | statement_not_allowed",
        "FROM query('FROM checkpoint()') | statement_not_allowed",
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM checkpoint()')) | statement_not_allowed",
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

    /** Where a function call can hide in one statement: {@code %s} is the call. */
    static final List<String> PLACES = List.of(
            "SELECT * FROM %s",
            "FROM %s",
            "SELECT * FROM (SELECT * FROM %s) AS sub",
            "FROM (FROM %s)",
            "WITH x AS (SELECT * FROM %s) SELECT * FROM x",
            "WITH x AS MATERIALIZED (FROM (FROM %s)) FROM x",
            "SELECT * FROM range(1) r, LATERAL (SELECT * FROM %s) l",
            "SELECT * FROM range(1) r JOIN %s ON true",
            "SELECT * FROM range((SELECT count(*) FROM %s))",
            "SELECT (SELECT count(*) FROM %s) AS n",
            "SELECT 1 WHERE EXISTS (SELECT 1 FROM %s)",
            "SELECT 1 UNION ALL SELECT 1 FROM %s",
            "SELECT * FROM json_each((SELECT to_json(list(x)) FROM %s x))",
            "DESCRIBE SELECT * FROM %s",
            "SUMMARIZE SELECT * FROM %s",
            "EXPLAIN SELECT * FROM %s",
            "EXPLAIN ANALYZE SELECT * FROM %s");

    static Stream<Arguments> refusedTableFunctionsInEveryPlace() {
        return FunctionPolicy.REFUSED_TABLE_FUNCTIONS.keySet().stream().sorted()
                .flatMap(name -> PLACES.stream().map(place -> Arguments.of(name, place.formatted(name + "('x')"))));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusedTableFunctionsInEveryPlace")
    void refusesEveryRefusedTableFunctionWhereverItIsCalledAndNamesIt(String name, String sql) {
        ApiException refused = assertThrows(ApiException.class, () -> classify(db, sql));

        assertEquals(403, refused.status());
        assertEquals("statement_not_allowed", refused.code());
        assertEquals(FunctionPolicy.refusalOfTableFunction(name), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM made_up_function()", "FROM (FROM main.some_future_reader('/tmp/x'))",
        "WITH x AS (SELECT 1) SELECT * FROM x, LATERAL not_yet_decided(x)"
    })
    void refusesATableFunctionOnNeitherList(String sql) {
        ApiException refused = assertThrows(ApiException.class, () -> classify(db, sql));

        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains("is not on the list of table functions scripts may call"), refused.getMessage());
    }

    static Stream<Arguments> refusedScalarsInEveryPlace() {
        return FunctionPolicy.REFUSED_SCALAR_FUNCTIONS.keySet().stream().sorted().flatMap(name -> Stream.of(
                "SELECT " + name + "('x')",
                "SELECT 1 WHERE " + name + "('x') > 0",
                "SELECT * FROM range(" + name + "('x'))",
                "WITH x AS (SELECT " + name + "('x') AS v) SELECT * FROM x",
                "SELECT * FROM range(1) r, LATERAL (SELECT 'x'." + name + "()) l",
                "FROM (FROM (SELECT list_transform([1], v -> " + name + "('x'))))")
                .map(sql -> Arguments.of(name, sql)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusedScalarsInEveryPlace")
    void refusesEveryScalarWithEffectsOutsideTheSnapshotWhereverItIsCalled(String name, String sql) {
        ApiException refused = assertThrows(ApiException.class, () -> classify(db, sql));

        assertEquals(403, refused.status());
        assertEquals(FunctionPolicy.refusalOfScalarFunction(name), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM 'data.csv'", "FROM '/etc/passwd'", "SELECT * FROM t, 'https://example.com/x.parquet'",
        "DESCRIBE '/tmp/x.csv'", "SUMMARIZE 'x.parquet'", "FROM (FROM \"/var/lib/x.json\")", "SELECT * FROM '*.csv'",
        "WITH x AS (FROM 'C:\\data\\x.csv') FROM x"
    })
    void refusesAPathOrUrlUsedAsATable(String sql) {
        ApiException refused = assertThrows(ApiException.class, () -> classify(db, sql));

        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains("names a file, not a table, and scripts may not read files"), refused.getMessage());
    }

    static Stream<String> allowedTableFunctions() {
        return FunctionPolicy.ALLOWED_TABLE_FUNCTIONS.stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("allowedTableFunctions")
    void acceptsEveryAllowedTableFunction(String name) throws SQLException {
        String sql = "SELECT * FROM (FROM " + name + "(1)) LEFT JOIN LATERAL (SELECT 1) ON true";
        assertEquals(sql, classify(db, sql).statement());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM range(3)", "SELECT * FROM generate_series(1, 3)", "SELECT * FROM unnest([1, 2])",
        "SELECT * FROM json_each('{\"a\": 1}')", "SELECT key, value FROM json_tree('[1, [2]]')",
        "SELECT r.range, u.unnest FROM range(2) r, LATERAL unnest([r.range, r.range * 10]) u",
        "SELECT count(*) FROM duckdb_tables()", "SELECT name, value FROM duckdb_settings() WHERE name = 'threads'",
        "SELECT count(*) FROM duckdb_functions() WHERE function_type = 'table'", "FROM duckdb_databases()",
        "SELECT random() < 2, uuid() IS NOT NULL, current_query() IS NOT NULL", "SELECT * FROM repeat('x', 2)",
        "SELECT * FROM main.range(2)", "SELECT * FROM system.main.generate_series(2)", "SELECT * FROM t AS \"t\""
    })
    void runsTheTableFunctionsScriptsUse(String sql) throws SQLException {
        assertRuns(classify(db, sql).limited(100));
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

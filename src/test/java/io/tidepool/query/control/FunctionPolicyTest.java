package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function lists against the DuckDB this build uses (an in-memory instance of the same driver):
 * a DuckDB upgrade that brings a table function, or a scalar with side effects, that nobody decided on
 * fails here until it is put on one list or the other.
 */
class FunctionPolicyTest {

    private static Connection db;

    @BeforeAll
    static void open() throws SQLException {
        db = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static Set<String> names(String sql) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static Set<String> tableFunctions() throws SQLException {
        return names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro')");
    }

    @Test
    void everyTableFunctionOfThisDuckDbIsAllowedOrRefused() throws SQLException {
        Set<String> undecided = tableFunctions();
        undecided.removeAll(FunctionPolicy.ALLOWED_TABLE_FUNCTIONS);
        undecided.removeAll(FunctionPolicy.REFUSED_TABLE_FUNCTIONS.keySet());

        assertEquals(Set.of(), undecided, "table functions on neither list of FunctionPolicy: decide each (and document it in docs/api.md)");
    }

    @Test
    void everyScalarWithSideEffectsIsAllowedOrRefused() throws SQLException {
        Set<String> undecided = names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'scalar' AND has_side_effects");
        undecided.removeAll(FunctionPolicy.ALLOWED_SCALARS_WITH_SIDE_EFFECTS);
        undecided.removeAll(FunctionPolicy.REFUSED_SCALAR_FUNCTIONS.keySet());

        assertEquals(Set.of(), undecided, "scalar functions with side effects on neither list of FunctionPolicy");
    }

    @Test
    void everyListedFunctionExistsAndNoneIsOnBothLists() throws SQLException {
        Set<String> listed = new HashSet<>(FunctionPolicy.ALLOWED_TABLE_FUNCTIONS);
        listed.addAll(FunctionPolicy.REFUSED_TABLE_FUNCTIONS.keySet());
        assertEquals(FunctionPolicy.ALLOWED_TABLE_FUNCTIONS.size() + FunctionPolicy.REFUSED_TABLE_FUNCTIONS.size(), listed.size());
        listed.removeAll(tableFunctions());
        assertEquals(Set.of(), listed, "listed as table functions but unknown to this DuckDB");

        Set<String> scalars = new HashSet<>(FunctionPolicy.REFUSED_SCALAR_FUNCTIONS.keySet());
        scalars.addAll(FunctionPolicy.ALLOWED_SCALARS_WITH_SIDE_EFFECTS);
        scalars.removeAll(names("SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('scalar', 'macro')"));
        assertEquals(Set.of(), scalars, "listed as scalar functions but unknown to this DuckDB");
    }

    @Test
    void docsApiListsEveryDecidedFunction() throws IOException {
        String doc = Files.readString(Path.of("docs/api.md"), StandardCharsets.UTF_8);
        Set<String> missing = new TreeSet<>();
        for (Set<String> names : List.of(FunctionPolicy.ALLOWED_TABLE_FUNCTIONS, FunctionPolicy.REFUSED_TABLE_FUNCTIONS.keySet(),
                FunctionPolicy.REFUSED_SCALAR_FUNCTIONS.keySet())) {
            names.stream().filter(name -> !doc.contains("`" + name + "`")).forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "functions FunctionPolicy decides on that docs/api.md does not name");
    }

    /**
     * Why the refusal matters, and that HostileSqlIT's signal sees a checkpoint: SQL hidden in a string runs
     * even inside a read-only transaction, and the checkpoint it runs rewrites the database file and
     * empties the WAL.
     */
    @Test
    void sqlHiddenInAStringCheckpointsInsideAReadOnlyTransaction(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hidden.db");
        Path wal = dir.resolve("hidden.db.wal");
        try (Connection disk = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = disk.createStatement()) {
            s.execute("CREATE TABLE x AS SELECT range AS i FROM range(1000)");
            s.execute("CHECKPOINT");
            s.execute("INSERT INTO x SELECT range FROM range(100000)");
            long walBefore = Files.size(wal);
            FileTime modifiedBefore = Files.getLastModifiedTime(file);
            Thread.sleep(20);

            s.execute("BEGIN TRANSACTION READ ONLY");
            s.execute("SELECT * FROM query('SELECT * FROM checkpoint()')");
            s.execute("ROLLBACK");

            assertTrue(walBefore > 0);
            assertTrue(!Files.exists(wal) || Files.size(wal) < walBefore, "the WAL was emptied");
            assertTrue(Files.getLastModifiedTime(file).compareTo(modifiedBefore) > 0, "the database file was written");
        }
    }

    @Test
    void refusalsNameTheFunctionAndSayWhyWhateverItsCase() {
        assertNull(FunctionPolicy.refusalOfTableFunction("RANGE"));
        assertEquals("table function Query() runs SQL given as text (or a serialised plan) that the classifier cannot "
                + "inspect; it is not available to scripts", FunctionPolicy.refusalOfTableFunction("Query"));
        assertEquals("table function made_up() is not on the list of table functions scripts may call (docs/api.md lists them)",
                FunctionPolicy.refusalOfTableFunction("made_up"));
        assertEquals("function NEXTVAL() advances or sets a sequence, which is a write; it is not available to scripts",
                FunctionPolicy.refusalOfScalarFunction("NEXTVAL"));
        assertNull(FunctionPolicy.refusalOfScalarFunction("random"));
        assertNull(FunctionPolicy.refusalOfTableName("otel_spans_local"));
        assertTrue(FunctionPolicy.refusalOfTableName("/tmp/x.csv").startsWith("'/tmp/x.csv' names a file"));
    }
}

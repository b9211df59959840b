package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The documented value mapping, checked against values produced by a real (in-memory) DuckDB. The
 * JVM runs in a non-UTC zone here so that a conversion through the default zone would show.
 */
class ColumnWriterTest {

    private static Connection db;
    private static TimeZone savedZone;

    @BeforeAll
    static void open() throws SQLException {
        savedZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        db = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = db.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
        TimeZone.setDefault(savedZone);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "1::TINYINT | 1",
        "(-32768)::SMALLINT | -32768",
        "2147483647::INTEGER | 2147483647",
        "9007199254740991::BIGINT | 9007199254740991",
        "-9007199254740991::BIGINT | -9007199254740991",
        "9007199254740992::BIGINT | `\"9007199254740992\"`",
        "(-9223372036854775808)::BIGINT | `\"-9223372036854775808\"`",
        "4294967295::UINTEGER | 4294967295",
        "18446744073709551615::UBIGINT | `\"18446744073709551615\"`",
        "42::UBIGINT | 42",
        "170141183460469231731687303715884105727::HUGEINT | `\"170141183460469231731687303715884105727\"`",
        "-5::HUGEINT | -5",
        "1.5::DOUBLE | 1.5",
        "0.1::DOUBLE | 0.1",
        "1e300::DOUBLE | 1.0E300",
        "'NaN'::DOUBLE | `\"NaN\"`",
        "'inf'::DOUBLE | `\"Infinity\"`",
        "'-inf'::DOUBLE | `\"-Infinity\"`",
        "1.1::FLOAT | 1.1",
        "12.345::DECIMAL(10,3) | 12.345",
        "-0.50::DECIMAL(4,2) | -0.50",
        "1234567890123456789.12::DECIMAL(38,2) | `\"1234567890123456789.12\"`",
        "true | true",
        "false | false",
        "'plain' | `\"plain\"`",
        "'q\"uote\\back' | `\"q\\\"uote\\\\back\"`",
        "concat('tab', chr(9), 'nl', chr(10), chr(1)) | `\"tab\\tnl\\n\\u0001\"`",
        "'héllo €𝄞' | `\"héllo €𝄞\"`",
        "TIMESTAMPTZ '2024-01-02 03:04:05.123456+02' | `\"2024-01-02T01:04:05.123456Z\"`",
        "TIMESTAMP '2024-01-02 03:04:05.5' | `\"2024-01-02T03:04:05.500Z\"`",
        "TIMESTAMP '2024-01-02 03:04:05' | `\"2024-01-02T03:04:05Z\"`",
        "TIMESTAMP_NS '2024-01-02 03:04:05.123456789' | `\"2024-01-02T03:04:05.123456789Z\"`",
        "TIMESTAMP_MS '2024-01-02 03:04:05.123' | `\"2024-01-02T03:04:05.123Z\"`",
        "DATE '2024-02-29' | `\"2024-02-29\"`",
        "TIME '03:04:05.5' | `\"03:04:05.500\"`",
        "INTERVAL '1 day 2 hours 3 minutes' | `\"1 day 02:03:00\"`",
        "'6f1c2a3e-0b4d-4c5e-9f60-718293a4b5c6'::UUID | `\"6f1c2a3e-0b4d-4c5e-9f60-718293a4b5c6\"`",
        "'\\x00\\xFFab'::BLOB | `\"AP9hYg==\"`",
        "[1, 2, NULL] | `[1,2,null]`",
        "['a', 'b'] | `[\"a\",\"b\"]`",
        "[[1], []] | `[[1],[]]`",
        "[1, 2]::INTEGER[2] | `[1,2]`",
        "{'x': 1, 'y': [true]} | `{\"x\":1,\"y\":[true]}`",
        "MAP {'k': 1.5} | `{\"k\":1.5}`",
        "MAP {7: 'seven'} | `{\"7\":\"seven\"}`",
        "[{'at': TIMESTAMPTZ '2024-01-01 00:00:00+00'}] | `[{\"at\":\"2024-01-01T00:00:00Z\"}]`",
        "'{\"a\": [1, 2.5, \"x\"]}'::JSON | `{\"a\": [1, 2.5, \"x\"]}`",
        "'a'::ENUM('a', 'b') | `\"a\"`",
        "NULL::INTEGER | null",
        "NULL::VARCHAR | null",
        "NULL::TIMESTAMPTZ | null",
        "NULL::JSON | null",
        "NULL::INTEGER[] | null",
    })
    void mapsDuckDbValuesToJson(String expression, String expectedJson) throws SQLException {
        assertEquals(expectedJson, encode(expression));
    }

    private static String encode(String expression) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet row = s.executeQuery("SELECT " + expression)) {
            ResultSetMetaData meta = row.getMetaData();
            row.next();
            TextBuffer out = new TextBuffer(64);
            ColumnWriter.forType(meta.getColumnTypeName(1)).write(row, 1, out);
            return out.toString();
        }
    }
}

package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.firstRow;
import static it.io.tidepool.support.TidepoolServer.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.ServerSigns;

/**
 * Queries that fail while DuckDB runs them answer 400 with DuckDB's own message — what a script
 * author, or an assistant writing the script, needs to fix the query — and a failing query costs
 * the pool nothing: the connection it used serves the next request.
 */
class QueryFailuresIT {

    /** Each query and the start of DuckDB's message for it (the rest is DuckDB's pointer into the SQL). */
    static Stream<Arguments> runtimeFailures() {
        return Stream.of(
                failure("SELECT CAST('abc' AS INTEGER) AS x", "Conversion Error: Could not convert string 'abc' to INT32"),
                failure("SELECT 'abc'::INTEGER AS x", "Conversion Error: Could not convert string 'abc' to INT32"),
                failure("SELECT error('boom') AS x", "Invalid Input Error: boom"),
                failure("SELECT 1 // 0 AS x", "Invalid Input Error: Division by zero in expression (1 // 0)."),
                failure("SELECT 10 % 0 AS x", "Invalid Input Error: Division by zero in expression (10 % 0)."),
                failure("SELECT 2147483647::INTEGER + 1 AS x", "Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!"),
                failure("SELECT 9223372036854775807::BIGINT * 2 AS x",
                        "Out of Range Error: Overflow in multiplication of INT64 (9223372036854775807 * 2)!"),
                failure("SELECT 300::UTINYINT AS x", "Conversion Error: Type INT32 with value 300 can't be cast because the value is "
                        + "out of range for the destination type UINT8"),
                failure("SELECT '2024-13-45'::DATE AS x", "Conversion Error: date field value out of range: \"2024-13-45\""),
                failure("SELECT '{bad json'::JSON AS x", "Conversion Error: Malformed JSON at byte 1 of input: unexpected character."),
                failure("SELECT json_extract('{\"a\":1', '$.a') AS x",
                        "Invalid Input Error: Malformed JSON at byte 6 of input: unexpected end of data."),
                failure("SELECT regexp_matches('a', '(') AS x", "Invalid Input Error: missing ): ("),
                failure("SELECT make_date(2024, 2, 30) AS x", "Conversion Error: Date out of range: 2024-2-30"),
                failure("SELECT to_timestamp(1e20) AS x", "Conversion Error: Epoch seconds out of range for TIMESTAMP WITH TIME ZONE"),
                failure("SELECT 12345.678::DECIMAL(4,2) AS x",
                        "Conversion Error: Casting value \"12345.678\" to type DECIMAL(4,2) failed: value is out of range!"),
                failure("SELECT hash(1)::TINYINT AS x", "Conversion Error: Type UINT64 with value 4717996019076358352 can't be cast "
                        + "because the value is out of range for the destination type INT8"),
                failure("SELECT date_trunc('fortnight', now()) AS x", "Conversion Error: extract specifier \"fortnight\" not recognized"),
                failure("WITH bad AS (SELECT 'x'::INTEGER AS v) SELECT * FROM bad", "Conversion Error: Could not convert string 'x' to INT32"),
                failure("SELECT CASE WHEN i = 5000 THEN error('late row ' || i) ELSE i END AS x FROM range(100000) t(i)",
                        "Invalid Input Error: late row 5000"),
                failure("SELECT service_name::INTEGER AS x FROM otel_spans_local", "Conversion Error: Could not convert string"),
                failure("WITH s AS (SELECT duration_ns FROM otel_spans_local) SELECT (duration_ns + 3000000000)::INTEGER AS x FROM s",
                        "Conversion Error: Type INT64 with value"),
                failure("SELECT quantile_cont(duration_ns, 1.5) AS x FROM otel_spans_local",
                        "Binder Error: QUANTILE can only take parameters in the range [-1, 1]"));
    }

    private static Arguments failure(String sql, String message) {
        return Arguments.of(sql, message);
    }

    @ParameterizedTest
    @MethodSource("runtimeFailures")
    void aRuntimeFailureAnswers400WithDuckDbsOwnMessage(String sql, String message) {
        Reply reply = query(sql);

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("sql_error", reply.errorCode());
        assertTrue(reply.errorMessage().startsWith(message), () -> "expected DuckDB's \"" + message + "\", got " + reply);
    }

    @Test
    void aFailedCastOfAParameterNamesTheValueAndTheLineOfTheScriptsSql() {
        Reply reply = query("SELECT 1 AS a,\n       CAST(? AS INTEGER) AS x", Json.createArrayBuilder().add("abc").build());

        assertEquals(400, reply.status(), reply::toString);
        assertTrue(reply.errorMessage().startsWith("Conversion Error: Could not convert string 'abc' to INT32"), reply::toString);
        // DuckDB points at the failing expression by line: line 2 of what the script sent, not of Tidepool's row cap around it.
        assertTrue(reply.errorMessage().contains("LINE 2:        CAST(? AS INTEGER) AS x"), reply::toString);
    }

    @Test
    void aThousandFailingQueriesCostNoConnectionAndNoIncident() {
        assertEquals(1, firstRow("SELECT 1 AS one").getInt("one"));
        long destroyed = ServerSigns.readerConnectionsDestroyed();
        long fatal = ServerSigns.fatalConnectionErrors();
        long incidents = ServerSigns.ffdcIncidents();

        for (int i = 0; i < 1_000; i++) {
            Reply reply = query(i % 2 == 0 ? "SELECT CAST(? AS INTEGER) AS x" : "SELECT error(?) AS x",
                    Json.createArrayBuilder().add("failure " + i).build());
            assertEquals(400, reply.status(), reply::toString);
        }

        assertEquals(1, firstRow("SELECT 1 AS one").getInt("one"));
        assertEquals(fatal, ServerSigns.fatalConnectionErrors(), "a failing query made Liberty drop a connection as broken");
        assertEquals(incidents, ServerSigns.ffdcIncidents(), "a failing query caused an FFDC incident");
        // Before the fix each failure destroyed its connection (1,000 here). The pool's own upkeep (idle connections
        // reaped every 30 s, a 5-minute maximum lifetime) may still retire one or two during the loop.
        long destroyedNow = ServerSigns.readerConnectionsDestroyed() - destroyed;
        assertTrue(destroyedNow <= 2, "connections destroyed during 1,000 failing queries: " + destroyedNow);
    }
}

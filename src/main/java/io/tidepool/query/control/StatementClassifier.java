package io.tidepool.query.control;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;

/**
 * Decides whether SQL from a script may run, using DuckDB's own parser: {@code json_serialize_sql}
 * serialises SELECT statements only (which includes WITH, FROM-first, VALUES, DESCRIBE, SUMMARIZE
 * and SHOW, all parsed as SELECT) and reports how many statements the text holds. EXPLAIN wraps one
 * such statement. Anything else is refused before it reaches {@code prepareStatement}, which in the
 * DuckDB driver would execute every statement but the last while preparing.
 *
 * <p>This is the first of three walls; the read-only transaction and the locked engine settings
 * stop whatever slips past it.
 */
@ApplicationScoped
public class StatementClassifier {

    public static final String ACCEPTED_KINDS = "SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW or EXPLAIN";

    /** Table functions that do work outside the snapshot (they run even in a read-only transaction). */
    static final Set<String> REFUSED_TABLE_FUNCTIONS = Set.of("checkpoint", "force_checkpoint");

    /** Verdicts kept for repeated SQL (scripts poll the same queries); each costs a parse otherwise. */
    static final int CACHED_VERDICTS = 1024;
    /** Longer SQL is classified every time rather than held in the cache. */
    static final int MAX_CACHED_SQL_CHARS = 8 * 1024;

    private final Map<String, Verdict> verdicts = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
            return size() > CACHED_VERDICTS;
        }
    });

    /**
     * Returns the SQL to execute for {@code sql}, or throws a 400/403 {@link ApiException}. The
     * parser's verdict depends on the text alone, so it is remembered per exact text, refusals too.
     */
    public String classify(Connection connection, String sql) throws SQLException {
        Verdict known = verdicts.get(sql);
        if (known == null) {
            known = judge(connection, sql);
            if (sql.length() <= MAX_CACHED_SQL_CHARS) {
                verdicts.put(sql, known);
            }
        }
        if (known.refusal() != null) {
            throw new ApiException(known.refusal().status(), known.refusal().code(), known.refusal().getMessage());
        }
        return known.executable();
    }

    private static Verdict judge(Connection connection, String sql) throws SQLException {
        try {
            return new Verdict(parseAndCheck(connection, sql), null);
        } catch (ApiException refused) {
            return new Verdict(null, refused);
        }
    }

    /** Either the SQL to run or why it may not run. */
    private record Verdict(String executable, ApiException refusal) {
    }

    private static String parseAndCheck(Connection connection, String sql) throws SQLException {
        ExplainPrefix explain = ExplainPrefix.of(sql);
        JsonObject parsed = parse(connection, explain == null ? sql : explain.statement());
        if (parsed.getBoolean("error", false)) {
            if ("parser".equals(parsed.getString("error_type", ""))) {
                throw ApiException.badRequest("sql_error", "Parser Error: " + parsed.getString("error_message", ""));
            }
            throw ApiException.forbidden("statement_not_allowed",
                    "only a single read-only statement is accepted: " + ACCEPTED_KINDS);
        }
        JsonArray statements = parsed.getJsonArray("statements");
        if (statements == null || statements.isEmpty()) {
            throw ApiException.badRequest("empty_sql", "no SQL statement given");
        }
        if (statements.size() > 1) {
            throw ApiException.forbidden("multiple_statements",
                    "exactly one statement per request is accepted; this request has " + statements.size());
        }
        String refused = refusedTableFunction(statements.get(0));
        if (refused != null) {
            throw ApiException.forbidden("statement_not_allowed",
                    "table function " + refused + "() changes the database file and is not available to scripts");
        }
        return explain == null ? sql : explain.rebuild();
    }

    private static JsonObject parse(Connection connection, String sql) throws SQLException {
        try (PreparedStatement serialize = connection.prepareStatement("SELECT json_serialize_sql(?)")) {
            serialize.setString(1, sql);
            try (ResultSet result = serialize.executeQuery()) {
                result.next();
                try (JsonReader reader = Json.createReader(new StringReader(result.getString(1)))) {
                    return reader.readObject();
                }
            }
        }
    }

    /** Walks the parse tree for a TABLE_FUNCTION node whose function is refused; null if none. */
    static String refusedTableFunction(JsonValue node) {
        if (node instanceof JsonObject object) {
            if ("TABLE_FUNCTION".equals(stringOrNull(object, "type")) && object.get("function") instanceof JsonObject fn) {
                String name = stringOrNull(fn, "function_name");
                if (name != null && REFUSED_TABLE_FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
                    return name;
                }
            }
            for (JsonValue child : object.values()) {
                String found = refusedTableFunction(child);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof JsonArray array) {
            for (JsonValue child : array) {
                String found = refusedTableFunction(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String stringOrNull(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof jakarta.json.JsonString s ? s.getString() : null;
    }
}

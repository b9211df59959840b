package io.tidepool.query.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
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
 * DuckDB driver would execute every statement but the last while preparing. In the one statement,
 * every table function, scalar function and table name anywhere in the tree must pass
 * {@link FunctionPolicy}: table functions are denied unless allowed, because some run SQL hidden in a
 * string or act outside the read-only transaction.
 *
 * <p>This is the first of three walls; the read-only transaction and the locked engine settings
 * stop whatever slips past it.
 */
@ApplicationScoped
public class StatementClassifier {

    public static final String ACCEPTED_KINDS = "SELECT, WITH, FROM, VALUES, DESCRIBE, SUMMARIZE, SHOW or EXPLAIN";

    /** Asks DuckDB's parser for the parse tree of the bound text, as JSON. */
    static final String SERIALIZE = "SELECT json_serialize_sql(?)";

    /** Verdicts kept for repeated SQL (scripts poll the same queries); each costs a parse otherwise. */
    static final int CACHED_VERDICTS = 1024;
    /** How many ';' from the end are tried as the statement's terminator (each costs a parse). */
    static final int MAX_TERMINATOR_TRIES = 8;
    /** Longer SQL is classified every time rather than held in the cache. */
    static final int MAX_CACHED_SQL_CHARS = 8 * 1024;

    private final Map<String, Verdict> verdicts = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Verdict> eldest) {
            return size() > CACHED_VERDICTS;
        }
    });

    /**
     * Returns the statement to execute for {@code sql}, or throws a 400/403 {@link ApiException}. The
     * parser's verdict depends on the text alone, so it is remembered per exact text, refusals too.
     */
    public Classified classify(SnapshotLease lease, String sql) throws SQLException {
        return classify(text -> {
            try (LeasedStatement serialize = lease.prepare(SERIALIZE)) {
                serialize.setString(1, text);
                try (ResultSet result = serialize.executeTrivialQuery()) {
                    result.next();
                    return result.getString(1);
                }
            }
        }, sql);
    }

    Classified classify(Parser parser, String sql) throws SQLException {
        Verdict known = verdicts.get(sql);
        if (known == null) {
            known = judge(parser, sql);
            if (sql.length() <= MAX_CACHED_SQL_CHARS) {
                verdicts.put(sql, known);
            }
        }
        if (known.refusal() != null) {
            throw new ApiException(known.refusal().status(), known.refusal().code(), known.refusal().getMessage());
        }
        return known.accepted();
    }

    private static Verdict judge(Parser parser, String sql) throws SQLException {
        try {
            return new Verdict(parseAndCheck(parser, sql), null);
        } catch (ApiException refused) {
            return new Verdict(null, refused);
        }
    }

    /** Either the statement to run or why it may not run. */
    private record Verdict(Classified accepted, ApiException refusal) {
    }

    /**
     * An accepted statement, how its row cap is applied, and whether it reads no table at all (no
     * base table, no table function: {@code SELECT 42}, {@code SELECT now()}), which makes it light
     * before it has ever run. Its results are computed whole inside
     * DuckDB before the first row is read (that is what makes every failure carry DuckDB's message
     * and every running statement cancellable), so a LIMIT bounds the work to the row cap.
     */
    public record Classified(String statement, Cap cap, boolean readsNothing) {

        /** The SQL to execute for a row cap of {@code maxRows}: one more row tells whether the cap cut the answer. */
        public String limited(int maxRows) {
            return cap.apply(statement, maxRows + 1L);
        }

        /**
         * DuckDB's message about the executed SQL, with its "LINE n:" pointers counted in the caller's SQL: the
         * cap's wrapper puts one line before it.
         */
        public String inCallersLines(String message) {
            if (cap == Cap.NONE || message == null) {
                return message;
            }
            Matcher line = LINE_POINTER.matcher(message);
            StringBuilder shifted = new StringBuilder();
            while (line.find()) {
                line.appendReplacement(shifted, "LINE " + Math.max(1, Long.parseLong(line.group(1)) - 1) + ":");
            }
            return line.appendTail(shifted).toString();
        }
    }

    /** How DuckDB points at a line of the SQL in its error messages. */
    private static final Pattern LINE_POINTER = Pattern.compile("LINE (\\d+):");

    /** Ways to put a LIMIT around a statement without changing what it returns. */
    public enum Cap {
        /**
         * {@code (statement) LIMIT n}: the statement's own columns, repeated names included. The SQL is on lines
         * of its own so a trailing -- comment cannot swallow the wrapper.
         */
        PARENTHESES {
            @Override
            String apply(String statement, long limit) {
                return "(\n" + statement + "\n) LIMIT " + limit;
            }
        },
        /** {@code SELECT * FROM (statement) LIMIT n}, for DESCRIBE, SHOW and SUMMARIZE, which DuckDB does not limit otherwise. */
        SUBQUERY {
            @Override
            String apply(String statement, long limit) {
                return "SELECT * FROM (\n" + statement + "\n) LIMIT " + limit;
            }
        },
        /** EXPLAIN runs as written: it returns a plan, not the rows. */
        NONE {
            @Override
            String apply(String statement, long limit) {
                return statement;
            }
        };

        abstract String apply(String statement, long limit);
    }

    private static Classified parseAndCheck(Parser parser, String sql) throws SQLException {
        ExplainPrefix explain = ExplainPrefix.of(sql);
        JsonObject parsed = parse(parser, explain == null ? sql : explain.statement());
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
        String refused = refusal(statements.get(0));
        if (refused != null) {
            throw ApiException.forbidden("statement_not_allowed", refused);
        }
        return explain == null ? limitable(parser, sql, parsed, !readsTable(statements.get(0))) : new Classified(explain.rebuild(), Cap.NONE, false);
    }

    /**
     * {@code sql} with the first {@link Cap} that keeps it one statement: itself or, when it ends with a
     * ';' (and perhaps comments after it), the text before that ';' — taken only if DuckDB's parser reads
     * exactly the same statement from it.
     */
    private static Classified limitable(Parser parser, String sql, JsonObject parsed, boolean readsNothing) throws SQLException {
        String candidate = sql;
        int tries = 0;
        while (true) {
            for (Cap cap : List.of(Cap.PARENTHESES, Cap.SUBQUERY)) {
                if (isOneStatement(parse(parser, cap.apply(candidate, 1)))) {
                    return new Classified(candidate, cap, readsNothing);
                }
            }
            int terminator = sql.lastIndexOf(';', candidate.length() - 1);
            while (terminator >= 0 && ++tries <= MAX_TERMINATOR_TRIES && !parsed.equals(parse(parser, sql.substring(0, terminator)))) {
                terminator = sql.lastIndexOf(';', terminator - 1);
            }
            if (terminator < 0 || tries > MAX_TERMINATOR_TRIES) {
                throw ApiException.badRequest("sql_error", "the statement could not be limited to the row cap; "
                        + "remove anything after its last ';' and try again");
            }
            candidate = sql.substring(0, terminator);
        }
    }

    private static boolean isOneStatement(JsonObject parsed) {
        return !parsed.getBoolean("error", false) && parsed.getJsonArray("statements") != null
                && parsed.getJsonArray("statements").size() == 1;
    }

    private static JsonObject parse(Parser parser, String sql) throws SQLException {
        try (JsonReader reader = JSON.createReader(new StringReader(parser.serialize(sql)))) {
            return reader.readObject();
        }
    }

    /** DuckDB's parser: the result of {@value #SERIALIZE} for a text. */
    @FunctionalInterface
    interface Parser {
        String serialize(String sql) throws SQLException;
    }

    /** Whether the parse tree has a base table or a table function anywhere. */
    static boolean readsTable(JsonValue node) {
        if (node instanceof JsonObject object) {
            String type = stringOrNull(object, "type");
            if ("BASE_TABLE".equals(type) || "TABLE_FUNCTION".equals(type)) {
                return true;
            }
            return object.values().stream().anyMatch(StatementClassifier::readsTable);
        }
        return node instanceof JsonArray array && array.stream().anyMatch(StatementClassifier::readsTable);
    }

    /**
     * Walks the whole parse tree (subqueries, CTEs, joins, function arguments) and returns why the first
     * function or table name that {@link FunctionPolicy} refuses may not run; null if none.
     */
    static String refusal(JsonValue node) {
        if (node instanceof JsonObject object) {
            String refused = refusalOfNode(object);
            return refused != null ? refused : refusalInAny(object.values());
        }
        return node instanceof JsonArray array ? refusalInAny(array) : null;
    }

    private static String refusalInAny(Iterable<JsonValue> nodes) {
        for (JsonValue child : nodes) {
            String found = refusal(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** What {@link FunctionPolicy} says about this node alone: a table function, a table name, a function call. */
    private static String refusalOfNode(JsonObject node) {
        String type = stringOrNull(node, "type");
        if ("TABLE_FUNCTION".equals(type)) {
            String name = node.get("function") instanceof JsonObject fn ? stringOrNull(fn, "function_name") : null;
            return name == null ? "a table function that is not a named call is not available to scripts"
                    : FunctionPolicy.refusalOfTableFunction(name);
        }
        if ("BASE_TABLE".equals(type) && stringOrNull(node, "table_name") != null) {
            return FunctionPolicy.refusalOfTableName(stringOrNull(node, "table_name"));
        }
        if ("FUNCTION".equals(stringOrNull(node, "class")) && stringOrNull(node, "function_name") != null) {
            return FunctionPolicy.refusalOfScalarFunction(stringOrNull(node, "function_name"));
        }
        return null;
    }

    private static String stringOrNull(JsonObject object, String key) {
        JsonValue value = object.get(key);
        return value instanceof jakarta.json.JsonString s ? s.getString() : null;
    }
}

package io.tidepool.mcp.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import io.tidepool.mcp.control.McpTool.Effect;
import io.tidepool.query.control.OpenQuery;
import io.tidepool.query.control.QueryLimits;
import io.tidepool.query.control.ResultFormat;
import io.tidepool.query.control.SqlQueries;
import io.tidepool.query.control.StreamSummary;
import io.tidepool.query.entity.SqlRequest;

/** {@code describe_schema} and {@code query}: the schema contract, and read-only SQL through the SDK API's own path. */
@ApplicationScoped
public class QueryTools {

    /** An assistant's context is small: a query answers this many rows unless it asks for more. */
    static final int DEFAULT_MAX_ROWS = 200;

    @Inject
    SqlQueries queries;

    @Inject
    QueryLimits limits;

    public List<McpTool> tools() {
        return List.of(describeSchema(), query());
    }

    McpTool describeSchema() {
        return new McpTool("describe_schema", "Describe the telemetry schema",
                "The tables of live telemetry (spans, HTTP RED metrics, host samples, script events) with each column's "
                        + "type and meaning, and example queries. Call this before writing SQL for the query tool.",
                """
                {"type": "object", "properties": {}, "additionalProperties": false}""",
                """
                {"type": "object", "required": ["tables", "examples"], "properties": {
                  "tables": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "description": {"type": "string"},
                    "columns": {"type": "array", "items": {"type": "object", "properties": {
                      "name": {"type": "string"}, "type": {"type": "string"}, "meaning": {"type": "string"}}}}}}},
                  "examples": {"type": "array", "items": {"type": "object", "properties": {
                    "title": {"type": "string"}, "sql": {"type": "string"}}}}}}""",
                Effect.READS, (arguments, user) -> {
                    JsonObject schema = SchemaContract.describe(Documents.SCHEMA.text());
                    return new ToolAnswer(schema, schema.getJsonArray("tables").size() + " tables, "
                            + schema.getJsonArray("examples").size() + " example queries (DuckDB SQL; timestamps are TIMESTAMPTZ in UTC)");
                });
    }

    McpTool query() {
        return new McpTool("query", "Run a read-only SQL query",
                "One read-only DuckDB SQL statement over the live telemetry (see describe_schema), exactly as POST /db/query "
                        + "runs it: SELECT/WITH/EXPLAIN only, in a read-only snapshot, with the server's deadline. Bind values "
                        + "with $1, $2 ... and params. Answers at most max_rows rows (default " + DEFAULT_MAX_ROWS
                        + ") and says when the result was truncated. Always filter on time: start_time > now() - INTERVAL 5 MINUTE.",
                """
                {"type": "object", "required": ["sql"], "additionalProperties": false, "properties": {
                  "sql": {"type": "string", "description": "one read-only statement"},
                  "params": {"type": "array", "description": "values for $1, $2, ... or ?"},
                  "max_rows": {"type": "integer", "minimum": 1, "description": "row cap, default 200, at most the server's tidepool.query.max-rows"}}}""",
                """
                {"type": "object", "required": ["columns", "rows", "count", "truncated"], "properties": {
                  "columns": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "type": {"type": "string"}}}},
                  "rows": {"type": "array", "items": {"type": "object"}},
                  "count": {"type": "integer"},
                  "truncated": {"type": "boolean"},
                  "max_rows": {"type": "integer"}}}""",
                Effect.READS, (arguments, user) -> {
                    SqlRequest request = SqlRequest.from(arguments.json());
                    int maxRows = arguments.integer("max_rows", Math.min(DEFAULT_MAX_ROWS, limits.maxRows()), 1, limits.maxRows());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    StreamSummary summary;
                    try (OpenQuery result = queries.open(request, user.caller(), maxRows)) {
                        summary = result.write(ResultFormat.JSON, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (summary.failure() != null) {
                        throw summary.failure();
                    }
                    JsonObject document;
                    try (JsonReader reader = JSON.createReader(new StringReader(out.toString(java.nio.charset.StandardCharsets.UTF_8)))) {
                        document = reader.readObject();
                    }
                    JsonObject answer = JSON.createObjectBuilder(document).add("max_rows", maxRows).build();
                    String truncation = summary.truncatedBy() == null ? ""
                            : summary.truncatedBy().equals("rows") ? ", truncated at max_rows " + maxRows + " (raise max_rows or aggregate)"
                            : ", truncated at the server's response size limit";
                    return new ToolAnswer(answer, summary.count() + " rows" + truncation);
                });
    }
}

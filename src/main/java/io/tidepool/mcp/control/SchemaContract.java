package io.tidepool.mcp.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * The schema contract (docs/schema.md) as data: each {@code ## `table` — meaning} heading with its
 * {@code | `column` | TYPE | meaning |} rows, and the SQL examples with the comment line above each. Read from the
 * document rather than from DuckDB's catalog because the document carries the meanings and is the contract.
 */
public final class SchemaContract {

    private static final Pattern TABLE = Pattern.compile("^## `([a-z_]+)` — (.*)$");
    private static final Pattern COLUMN = Pattern.compile("^\\| `([a-z_]+)` \\| ([A-Z0-9_\\[\\]]+) \\| (.*?) ?\\|$");

    private SchemaContract() {
    }

    /** {@code {"tables": [{"name","description","columns":[{"name","type","meaning"}]}], "examples": [{"title","sql"}]}}. */
    public static JsonObject describe(String markdown) {
        JsonArrayBuilder tables = JSON.createArrayBuilder();
        JsonArrayBuilder examples = JSON.createArrayBuilder();
        String table = null;
        String tableDescription = null;
        JsonArrayBuilder columns = null;
        boolean inSql = false;
        String exampleTitle = null;
        StringBuilder exampleSql = new StringBuilder();
        for (String line : markdown.split("\n")) {
            Matcher heading = TABLE.matcher(line);
            Matcher column = COLUMN.matcher(line);
            if (line.startsWith("```sql")) {
                inSql = true;
            } else if (inSql && line.startsWith("```")) {
                inSql = false;
                addExample(examples, exampleTitle, exampleSql);
                exampleTitle = null;
            } else if (inSql) {
                if (line.startsWith("-- ")) {
                    addExample(examples, exampleTitle, exampleSql);
                    exampleTitle = line.substring(3).strip();
                } else if (!line.isBlank()) {
                    exampleSql.append(exampleSql.isEmpty() ? "" : "\n").append(line);
                }
            } else if (heading.matches()) {
                addTable(tables, table, tableDescription, columns);
                table = heading.group(1);
                tableDescription = heading.group(2).strip();
                columns = JSON.createArrayBuilder();
            } else if (line.startsWith("## ")) {
                addTable(tables, table, tableDescription, columns);
                table = null;
            } else if (table != null && column.matches()) {
                columns.add(JSON.createObjectBuilder().add("name", column.group(1)).add("type", column.group(2))
                        .add("meaning", column.group(3).strip().replace("`", "")));
            }
        }
        addTable(tables, table, tableDescription, columns);
        return JSON.createObjectBuilder().add("tables", tables).add("examples", examples).build();
    }

    private static void addTable(JsonArrayBuilder tables, String name, String description, JsonArrayBuilder columns) {
        if (name != null) {
            tables.add(JSON.createObjectBuilder().add("name", name).add("description", description).add("columns", columns));
        }
    }

    private static void addExample(JsonArrayBuilder examples, String title, StringBuilder sql) {
        if (title != null && !sql.isEmpty()) {
            JsonObjectBuilder example = JSON.createObjectBuilder().add("title", title).add("sql", sql.toString());
            examples.add(example);
        }
        sql.setLength(0);
    }
}

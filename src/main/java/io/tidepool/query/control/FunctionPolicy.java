package io.tidepool.query.control;

import static java.util.Map.entry;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which functions a script's SQL may call, by the name DuckDB's parser reports. This is the one
 * place where those decisions live; docs/api.md lists them and {@code FunctionPolicyTest} fails when
 * the DuckDB in use has a table function on neither list, so each new one is a decision.
 *
 * <p>Table functions are denied by default: they are where SQL hidden in a string
 * ({@code query('...')}), file readers and engine maintenance ({@code checkpoint()}) live, and a
 * read-only transaction does not stop them. Scalar functions are allowed by default (DuckDB has
 * about 1,700, nearly all pure); the few that act outside the query's snapshot are refused by name,
 * and every scalar DuckDB marks as having side effects is on one list or the other.
 */
final class FunctionPolicy {

    /** Why a function is not available to scripts; the phrase completes "table function f() ...". */
    enum Reason {
        RUNS_SQL("runs SQL given as text (or a serialised plan) that the classifier cannot inspect"),
        NAMES_TABLE_IN_TEXT("names its table in a string that the classifier cannot inspect"),
        READS_FILES("reads files, and scripts may not read files"),
        WRITES_DATABASE("checkpoints, which writes the database file"),
        CHANGES_ENGINE("changes the engine's state for every connection"),
        CHANGES_CONNECTION("changes the state of the pooled connection for later requests"),
        PRAGMA("is a PRAGMA; its duckdb_* counterpart answers the same"),
        SHOWS_OTHERS("shows what other requests or the server did (logs, prepared statements, secrets, cached files)"),
        INTERNAL("is internal to DuckDB or its tests"),
        WRITES_SEQUENCE("advances or sets a sequence, which is a write"),
        WRITES_LOG("writes to DuckDB's log"),
        ONLY_WAITS("only holds a worker thread while it sleeps");

        final String phrase;

        Reason(String phrase) {
            this.phrase = phrase;
        }
    }

    /**
     * Table functions (and DuckDB's built-in table macros) a script may call: generators, JSON and
     * list expansion, and catalogue functions that read metadata of this instance only.
     */
    static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of(
            "range", "generate_series", "unnest", "repeat", "repeat_row",
            "json_each", "json_tree",
            "pg_timezone_names", "icu_calendar_names",
            "duckdb_approx_database_count", "duckdb_available_metrics", "duckdb_columns", "duckdb_connection_count",
            "duckdb_constraints", "duckdb_coordinate_systems", "duckdb_databases", "duckdb_dependencies",
            "duckdb_dialects", "duckdb_eviction_queues", "duckdb_extension_repositories", "duckdb_functions",
            "duckdb_grammar_extensions", "duckdb_indexes", "duckdb_keywords", "duckdb_memory", "duckdb_optimizers",
            "duckdb_profiling_settings", "duckdb_schemas", "duckdb_secret_types", "duckdb_secret_type_parameters",
            "duckdb_sequences", "duckdb_settings", "duckdb_tables", "duckdb_temporary_files", "duckdb_triggers",
            "duckdb_types", "duckdb_variables", "duckdb_views");

    /** Every other table function DuckDB 2.0 has, with the reason it was refused. */
    static final Map<String, Reason> REFUSED_TABLE_FUNCTIONS = Map.ofEntries(
            entry("query", Reason.RUNS_SQL),
            entry("json_execute_serialized_sql", Reason.RUNS_SQL),
            entry("query_table", Reason.NAMES_TABLE_IN_TEXT),
            entry("histogram", Reason.NAMES_TABLE_IN_TEXT),
            entry("histogram_values", Reason.NAMES_TABLE_IN_TEXT),
            entry("duckdb_table_sample", Reason.NAMES_TABLE_IN_TEXT),
            entry("checkpoint", Reason.WRITES_DATABASE),
            entry("force_checkpoint", Reason.WRITES_DATABASE),
            entry("read_blob", Reason.READS_FILES),
            entry("read_text", Reason.READS_FILES),
            entry("read_csv", Reason.READS_FILES),
            entry("read_csv_auto", Reason.READS_FILES),
            entry("read_single_csv_file", Reason.READS_FILES),
            entry("sniff_csv", Reason.READS_FILES),
            entry("read_json", Reason.READS_FILES),
            entry("read_json_auto", Reason.READS_FILES),
            entry("read_json_objects", Reason.READS_FILES),
            entry("read_json_objects_auto", Reason.READS_FILES),
            entry("read_ndjson", Reason.READS_FILES),
            entry("read_ndjson_auto", Reason.READS_FILES),
            entry("read_ndjson_objects", Reason.READS_FILES),
            entry("read_single_json_file", Reason.READS_FILES),
            entry("read_parquet", Reason.READS_FILES),
            entry("parquet_scan", Reason.READS_FILES),
            entry("read_single_parquet_file", Reason.READS_FILES),
            entry("parquet_metadata", Reason.READS_FILES),
            entry("parquet_file_metadata", Reason.READS_FILES),
            entry("parquet_full_metadata", Reason.READS_FILES),
            entry("parquet_kv_metadata", Reason.READS_FILES),
            entry("parquet_schema", Reason.READS_FILES),
            entry("parquet_bloom_probe", Reason.READS_FILES),
            entry("read_duckdb", Reason.READS_FILES),
            entry("glob", Reason.READS_FILES),
            entry("duckdb_extensions", Reason.READS_FILES),
            entry("enable_logging", Reason.CHANGES_ENGINE),
            entry("disable_logging", Reason.CHANGES_ENGINE),
            entry("truncate_duckdb_logs", Reason.CHANGES_ENGINE),
            entry("enable_profiling", Reason.CHANGES_ENGINE),
            entry("disable_profiling", Reason.CHANGES_ENGINE),
            entry("create_external_resource", Reason.CHANGES_ENGINE),
            entry("register_external_resource", Reason.CHANGES_ENGINE),
            entry("register_external_resource_type", Reason.CHANGES_ENGINE),
            entry("deregister_external_resource", Reason.CHANGES_ENGINE),
            entry("destroy_external_resource", Reason.CHANGES_ENGINE),
            entry("duckdb_external_resources", Reason.CHANGES_ENGINE),
            entry("duckdb_external_resource_types", Reason.CHANGES_ENGINE),
            entry("pragma_collations", Reason.PRAGMA),
            entry("pragma_database_size", Reason.PRAGMA),
            entry("pragma_metadata_info", Reason.PRAGMA),
            entry("pragma_platform", Reason.PRAGMA),
            entry("pragma_show", Reason.PRAGMA),
            entry("pragma_storage_info", Reason.PRAGMA),
            entry("pragma_table_info", Reason.PRAGMA),
            entry("pragma_user_agent", Reason.PRAGMA),
            entry("pragma_version", Reason.PRAGMA),
            entry("duckdb_logs", Reason.SHOWS_OTHERS),
            entry("duckdb_logs_parsed", Reason.SHOWS_OTHERS),
            entry("duckdb_log_contexts", Reason.SHOWS_OTHERS),
            entry("duckdb_prepared_statements", Reason.SHOWS_OTHERS),
            entry("duckdb_secrets", Reason.SHOWS_OTHERS),
            entry("which_secret", Reason.SHOWS_OTHERS),
            entry("duckdb_external_file_cache", Reason.SHOWS_OTHERS),
            entry("arrow_scan", Reason.INTERNAL),
            entry("arrow_scan_dumb", Reason.INTERNAL),
            entry("seq_scan", Reason.INTERNAL),
            entry("summary", Reason.INTERNAL),
            entry("test_all_types", Reason.INTERNAL),
            entry("test_vector_types", Reason.INTERNAL));

    /** Scalar functions (and macros) refused by name: each acts outside the query's read-only snapshot. */
    static final Map<String, Reason> REFUSED_SCALAR_FUNCTIONS = Map.of(
            "nextval", Reason.WRITES_SEQUENCE,
            "setval", Reason.WRITES_SEQUENCE,
            "currval", Reason.WRITES_SEQUENCE,
            "setseed", Reason.CHANGES_CONNECTION,
            "write_log", Reason.WRITES_LOG,
            "sleep_ms", Reason.ONLY_WAITS,
            "pg_sleep", Reason.ONLY_WAITS);

    /**
     * Scalars DuckDB marks as having side effects that were reviewed and allowed: their "side effect" is
     * only that the answer differs per call or per connection (random values, ids, the query's own
     * text) or that the query fails ({@code error}).
     */
    static final Set<String> ALLOWED_SCALARS_WITH_SIDE_EFFECTS = Set.of(
            "random", "uuid", "uuidv4", "uuidv7", "gen_random_uuid", "error", "stats", "vector_type",
            "current_query", "current_query_id", "current_connection_id", "current_transaction_id");

    private FunctionPolicy() {
    }

    /** Why a script may not call table function {@code name}, as a sentence naming it; null if it may. */
    static String refusalOfTableFunction(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (ALLOWED_TABLE_FUNCTIONS.contains(key)) {
            return null;
        }
        Reason reason = REFUSED_TABLE_FUNCTIONS.get(key);
        return "table function " + name + "() " + (reason == null
                ? "is not on the list of table functions scripts may call (docs/api.md lists them)"
                : reason.phrase + "; it is not available to scripts");
    }

    /** Why a script may not call scalar function {@code name}, as a sentence naming it; null if it may. */
    static String refusalOfScalarFunction(String name) {
        Reason reason = REFUSED_SCALAR_FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        return reason == null ? null : "function " + name + "() " + reason.phrase + "; it is not available to scripts";
    }

    /**
     * Why a table name is refused: one with a dot, slash, colon or glob character is no table of ours but
     * a path or URL that DuckDB's replacement scans would open as a file ({@code FROM 'x.csv'}); null if
     * it is a plain name.
     */
    static String refusalOfTableName(String name) {
        for (char c : name.toCharArray()) {
            if (".:/\\*?".indexOf(c) >= 0) {
                return "'" + name + "' names a file, not a table, and scripts may not read files";
            }
        }
        return null;
    }
}

package io.tidepool.storage;

import java.util.List;

/**
 * The tables scripts query. Column names and types are a public contract (docs/schema.md):
 * change them only with a migration and a documented deprecation.
 */
public final class Schema {

    public static final String SPANS = "otel_spans_local";
    public static final String HTTP_METRICS = "beyla_http_metrics";
    public static final String SYSTEM_METRICS = "system_metrics_local";
    public static final String SCRIPT_EVENTS = "script_events";

    /** The telemetry tables, in the order their DDL runs. */
    public static final List<String> TABLES = List.of(SPANS, HTTP_METRICS, SYSTEM_METRICS, SCRIPT_EVENTS);

    /**
     * The last column of every telemetry table: which commit stored the row, a number that only grows
     * (the writer's {@code CommitStamps}). The exporter uses it to find rows that arrived after their
     * time window was exported; it is left out of the exported files.
     */
    public static final String COMMIT_STAMP = "commit_stamp";

    public static final List<String> DDL = List.of("""
            CREATE TABLE IF NOT EXISTS otel_spans_local (
                trace_id            VARCHAR      NOT NULL,
                span_id             VARCHAR      NOT NULL,
                parent_span_id      VARCHAR,
                service_name        VARCHAR      NOT NULL,
                span_name           VARCHAR,
                span_kind           VARCHAR,
                start_time          TIMESTAMPTZ  NOT NULL,
                end_time            TIMESTAMPTZ  NOT NULL,
                duration_ns         BIGINT       NOT NULL,
                is_error            BOOLEAN      NOT NULL,
                status_code         VARCHAR,
                http_method         VARCHAR,
                http_route          VARCHAR,
                http_status         INTEGER,
                attributes          JSON,
                resource_attributes JSON,
                commit_stamp        BIGINT       NOT NULL DEFAULT 0
            )""", """
            CREATE TABLE IF NOT EXISTS beyla_http_metrics (
                timestamp        TIMESTAMPTZ NOT NULL,
                service_name     VARCHAR     NOT NULL,
                http_method      VARCHAR,
                http_route       VARCHAR,
                http_status_code INTEGER,
                count            BIGINT      NOT NULL,
                sum_ns           BIGINT      NOT NULL,
                bucket_bounds_ns BIGINT[]    NOT NULL,
                bucket_counts    BIGINT[]    NOT NULL,
                commit_stamp     BIGINT      NOT NULL DEFAULT 0
            )""", """
            CREATE TABLE IF NOT EXISTS system_metrics_local (
                timestamp  TIMESTAMPTZ NOT NULL,
                name       VARCHAR     NOT NULL,
                value      DOUBLE      NOT NULL,
                unit       VARCHAR,
                attributes JSON,
                commit_stamp BIGINT    NOT NULL DEFAULT 0
            )""", """
            CREATE TABLE IF NOT EXISTS script_events (
                timestamp    TIMESTAMPTZ NOT NULL,
                script_id    VARCHAR,
                execution_id VARCHAR,
                name         VARCHAR     NOT NULL,
                severity     VARCHAR     NOT NULL,
                data         JSON,
                commit_stamp BIGINT      NOT NULL DEFAULT 0
            )""",
            // Files from before the export (issue 14) gain the column at the end, where the Appender puts it.
            "ALTER TABLE otel_spans_local ADD COLUMN IF NOT EXISTS commit_stamp BIGINT DEFAULT 0",
            "ALTER TABLE beyla_http_metrics ADD COLUMN IF NOT EXISTS commit_stamp BIGINT DEFAULT 0",
            "ALTER TABLE system_metrics_local ADD COLUMN IF NOT EXISTS commit_stamp BIGINT DEFAULT 0",
            "ALTER TABLE script_events ADD COLUMN IF NOT EXISTS commit_stamp BIGINT DEFAULT 0");

    private Schema() {
    }
}

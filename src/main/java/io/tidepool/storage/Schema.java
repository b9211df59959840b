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
                resource_attributes JSON
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
                bucket_counts    BIGINT[]    NOT NULL
            )""", """
            CREATE TABLE IF NOT EXISTS system_metrics_local (
                timestamp  TIMESTAMPTZ NOT NULL,
                name       VARCHAR     NOT NULL,
                value      DOUBLE      NOT NULL,
                unit       VARCHAR,
                attributes JSON
            )""", """
            CREATE TABLE IF NOT EXISTS script_events (
                timestamp    TIMESTAMPTZ NOT NULL,
                script_id    VARCHAR,
                execution_id VARCHAR,
                name         VARCHAR     NOT NULL,
                severity     VARCHAR     NOT NULL,
                data         JSON
            )""");

    private Schema() {
    }
}

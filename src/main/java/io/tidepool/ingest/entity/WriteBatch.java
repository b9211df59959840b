package io.tidepool.ingest.entity;

import java.util.List;

/** Rows that must be committed together, in one request's acknowledgement. */
public record WriteBatch(
        List<SpanRecord> spans,
        List<HttpMetricRecord> httpMetrics,
        List<SystemMetricRecord> systemMetrics,
        List<ScriptEventRecord> scriptEvents) {

    public WriteBatch {
        spans = List.copyOf(spans);
        httpMetrics = List.copyOf(httpMetrics);
        systemMetrics = List.copyOf(systemMetrics);
        scriptEvents = List.copyOf(scriptEvents);
    }

    public static WriteBatch ofSpans(List<SpanRecord> spans) {
        return new WriteBatch(spans, List.of(), List.of(), List.of());
    }

    public static WriteBatch ofEvent(ScriptEventRecord event) {
        return new WriteBatch(List.of(), List.of(), List.of(), List.of(event));
    }

    public int rows() {
        return spans.size() + httpMetrics.size() + systemMetrics.size() + scriptEvents.size();
    }
}

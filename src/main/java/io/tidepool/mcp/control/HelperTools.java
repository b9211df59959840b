package io.tidepool.mcp.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import io.tidepool.mcp.control.McpTool.Effect;
import io.tidepool.platform.HumanDuration;
import io.tidepool.platform.JsonFields;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.ErrorRate;
import io.tidepool.query.entity.HostSample;
import io.tidepool.query.entity.LatencyMetric;
import io.tidepool.query.entity.Percentile;
import io.tidepool.query.entity.TraceSummary;

/**
 * The seed's helpers ({@code percentile}, {@code error_rate}, {@code slow_traces}, {@code host_usage}) through
 * {@link TelemetryHelpers}, as the SDK API's /metrics, /traces and /system endpoints call them, with the same
 * defaults and answers.
 */
@ApplicationScoped
public class HelperTools {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final int DEFAULT_TRACES = 20;
    static final int MAX_TRACES = 10_000;
    static final String CPU = "system.cpu.utilization";
    static final String MEMORY_USED = "system.memory.usage";
    static final String MEMORY_TOTAL = "system.memory.total";

    @Inject
    TelemetryHelpers helpers;

    public List<McpTool> tools() {
        return List.of(percentile(), errorRate(), slowTraces(), hostUsage());
    }

    McpTool percentile() {
        return new McpTool("percentile", "Latency percentile of a service",
                "A latency quantile of a service's requests (its SERVER spans) over a recent window, in nanoseconds, as "
                        + "GET /metrics/percentile. metric: duration (default), span.duration (every span) or "
                        + "http.server.request.duration (estimated from the HTTP histogram).",
                """
                {"type": "object", "required": ["service", "p"], "additionalProperties": false, "properties": {
                  "service": {"type": "string"},
                  "p": {"type": "number", "minimum": 0, "maximum": 1, "description": "quantile, e.g. 0.99"},
                  "metric": {"type": "string", "default": "duration"},
                  "window": {"type": "string", "default": "5m", "description": "e.g. 30s, 5m, 1h"}}}""",
                """
                {"type": "object", "required": ["value", "count", "service"], "properties": {
                  "value": {"type": ["number", "null"]}, "unit": {"type": "string"}, "count": {"type": "integer"},
                  "estimated": {"type": "boolean"}, "service": {"type": "string"}, "p": {"type": "number"},
                  "window": {"type": "string"}}}""",
                Effect.READS, (arguments, user) -> {
                    String service = arguments.required("service");
                    double p = arguments.quantile("p");
                    LatencyMetric metric = LatencyMetric.named(arguments.text("metric"));
                    Duration window = arguments.duration("window", DEFAULT_WINDOW);
                    Percentile result = helpers.percentile(service, metric, p, window, user.caller());
                    JsonObject json = JsonFields.number(JSON.createObjectBuilder(), "value", result.value())
                            .add("unit", "ns").add("count", result.count()).add("estimated", result.estimated())
                            .add("service", service).add("p", p).add("window", HumanDuration.format(window)).build();
                    return new ToolAnswer(json, result.value() == null
                            ? "no requests of " + service + " in the last " + HumanDuration.format(window)
                            : "p" + trim(p * 100) + " of " + service + " over " + HumanDuration.format(window) + ": "
                                    + millis(result.value()) + " (" + result.count() + " requests" + (result.estimated() ? ", estimated" : "") + ")");
                });
    }

    McpTool errorRate() {
        return new McpTool("error_rate", "Error rate of a service",
                "The share (0 to 1) of a service's requests that failed over a recent window, as GET /metrics/error-rate.",
                """
                {"type": "object", "required": ["service"], "additionalProperties": false, "properties": {
                  "service": {"type": "string"},
                  "window": {"type": "string", "default": "5m"}}}""",
                """
                {"type": "object", "required": ["value", "count", "errors"], "properties": {
                  "value": {"type": ["number", "null"]}, "count": {"type": "integer"}, "errors": {"type": "integer"},
                  "service": {"type": "string"}, "window": {"type": "string"}}}""",
                Effect.READS, (arguments, user) -> {
                    String service = arguments.required("service");
                    Duration window = arguments.duration("window", DEFAULT_WINDOW);
                    ErrorRate result = helpers.errorRate(service, window, user.caller());
                    JsonObject json = JsonFields.number(JSON.createObjectBuilder(), "value", result.value())
                            .add("count", result.count()).add("errors", result.errors()).add("service", service)
                            .add("window", HumanDuration.format(window)).build();
                    return new ToolAnswer(json, result.value() == null
                            ? "no requests of " + service + " in the last " + HumanDuration.format(window)
                            : service + ": " + result.errors() + " of " + result.count() + " requests failed ("
                                    + trim(result.value() * 100) + " %) over " + HumanDuration.format(window));
                });
    }

    McpTool slowTraces() {
        return new McpTool("slow_traces", "Slow requests",
                "Recent requests (SERVER spans), newest first, taking at least min_duration, as GET /traces/query. "
                        + "Use a trace_id with the query tool to read the whole trace.",
                """
                {"type": "object", "additionalProperties": false, "properties": {
                  "service": {"type": "string", "description": "omit for every service"},
                  "min_duration": {"type": "string", "default": "0", "description": "e.g. 500ms"},
                  "time_range": {"type": "string", "default": "1h"},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 20}}}""",
                """
                {"type": "object", "required": ["traces", "count"], "properties": {
                  "traces": {"type": "array", "items": {"type": "object"}}, "count": {"type": "integer"}}}""",
                Effect.READS, (arguments, user) -> {
                    String service = arguments.text("service");
                    Duration minDuration = arguments.duration("min_duration", Duration.ZERO);
                    Duration range = arguments.duration("time_range", DEFAULT_RANGE);
                    int limit = arguments.integer("limit", DEFAULT_TRACES, 1, MAX_TRACES);
                    List<TraceSummary> traces = helpers.traces(service == null || service.isBlank() ? null : service,
                            minDuration, range, limit, user.caller());
                    JsonArrayBuilder array = JSON.createArrayBuilder();
                    traces.forEach(t -> array.add(trace(t)));
                    String summary = traces.size() + " requests" + (service == null ? "" : " of " + service)
                            + " of at least " + HumanDuration.format(minDuration) + " in the last " + HumanDuration.format(range);
                    if (!traces.isEmpty()) {
                        long slowest = traces.stream().mapToLong(TraceSummary::durationNs).max().orElse(0);
                        summary += "; slowest " + millis((double) slowest);
                    }
                    return new ToolAnswer(JSON.createObjectBuilder().add("traces", array).add("count", traces.size()).build(), summary);
                });
    }

    McpTool hostUsage() {
        return new McpTool("host_usage", "CPU and memory of the host",
                "This host's latest CPU utilization and memory use, as GET /system/cpu and /system/memory.",
                """
                {"type": "object", "properties": {}, "additionalProperties": false}""",
                """
                {"type": "object", "properties": {
                  "cpu_percent": {"type": ["number", "null"]}, "memory_used": {"type": ["integer", "null"]},
                  "memory_total": {"type": ["integer", "null"]}, "memory_percent": {"type": ["number", "null"]},
                  "timestamp": {"type": ["string", "null"]}}}""",
                Effect.READS, (arguments, user) -> {
                    Map<String, HostSample> latest = helpers.latestHostValues(List.of(CPU, MEMORY_USED, MEMORY_TOTAL), user.caller());
                    HostSample cpu = latest.get(CPU);
                    HostSample used = latest.get(MEMORY_USED);
                    HostSample total = latest.get(MEMORY_TOTAL);
                    Double cpuPercent = cpu.value() == null ? null : cpu.value() * 100;
                    Double memoryPercent = used.value() == null || total.value() == null || total.value() == 0 ? null
                            : used.value() / total.value() * 100;
                    JsonObjectBuilder json = JSON.createObjectBuilder();
                    JsonFields.number(json, "cpu_percent", cpuPercent);
                    JsonFields.number(json, "memory_used", used.value() == null ? null : Math.round(used.value()));
                    JsonFields.number(json, "memory_total", total.value() == null ? null : Math.round(total.value()));
                    JsonFields.number(json, "memory_percent", memoryPercent);
                    JsonFields.instant(json, "timestamp", cpu.timestamp() != null ? cpu.timestamp() : used.timestamp());
                    return new ToolAnswer(json.build(), cpuPercent == null && memoryPercent == null ? "no host samples recorded yet"
                            : "CPU " + (cpuPercent == null ? "n/a" : trim(cpuPercent) + " %") + ", memory "
                                    + (memoryPercent == null ? "n/a" : trim(memoryPercent) + " %"));
                });
    }

    private static JsonObject trace(TraceSummary t) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("trace_id", t.traceId()).add("span_id", t.spanId());
        JsonFields.text(json, "parent_span_id", t.parentSpanId());
        json.add("service_name", t.serviceName());
        JsonFields.text(json, "span_name", t.spanName());
        json.add("start_time", t.startTime().toString()).add("duration_ns", t.durationNs()).add("is_error", t.error());
        JsonFields.text(json, "status_code", t.statusCode());
        JsonFields.number(json, "http_status", t.httpStatus());
        JsonFields.text(json, "http_method", t.httpMethod());
        JsonFields.text(json, "http_route", t.httpRoute());
        return json.build();
    }

    private static String millis(Double nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String trim(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }
}

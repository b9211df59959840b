package io.tidepool.mcp.boundary;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.tidepool.mcp.control.Documents;
import io.tidepool.mcp.control.RunTools;

/** What an assistant reads besides tools: the server's instructions, the documents, a run's output, and the prompts. */
final class Guidance {

    static final String INSTRUCTIONS = """
            Tidepool holds the last hour or so of this system's telemetry (OpenTelemetry spans, HTTP RED metrics, host \
            CPU and memory) in DuckDB. Read the schema with describe_schema, ask with query (one read-only statement, \
            always filtered on time) or with the helpers percentile, error_rate, slow_traces and host_usage. To keep \
            watching, deploy a Deno TypeScript script against @tidepool/sdk (resource tidepool://docs/scripts.md) with \
            deploy_script, start it with run_script, and read its output and emitted events with get_run.""";

    static final String RUN_OUTPUT_TEMPLATE = "tidepool://runs/{id}/output";
    private static final Pattern RUN_OUTPUT = Pattern.compile("tidepool://runs/([^/]+)/output");

    private Guidance() {
    }

    static List<SyncResourceSpecification> documents() {
        return Arrays.stream(Documents.values()).map(document -> new SyncResourceSpecification(
                Resource.builder(document.uri(), document.fileName())
                        .title(document.title())
                        .description(document.description())
                        .mimeType("text/markdown")
                        .build(),
                (exchange, request) -> new ReadResourceResult(List.of(
                        new TextResourceContents(document.uri(), "text/markdown", document.text()))))).toList();
    }

    static List<SyncResourceTemplateSpecification> runOutputTemplate(RunTools runs) {
        return List.of(new SyncResourceTemplateSpecification(
                ResourceTemplate.builder(RUN_OUTPUT_TEMPLATE, "run-output")
                        .title("A run's output")
                        .description("What a script run printed: its stdout, then its stderr after a line '--- stderr ---'.")
                        .mimeType("text/plain")
                        .build(),
                (exchange, request) -> {
                    Matcher uri = RUN_OUTPUT.matcher(request.uri());
                    String text = uri.matches() ? runs.outputText(uri.group(1)) : null;
                    if (text == null) {
                        throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
                    }
                    return new ReadResourceResult(List.of(new TextResourceContents(request.uri(), "text/plain", text)));
                }));
    }

    static List<SyncPromptSpecification> prompts() {
        Prompt prompt = Prompt.builder("investigate_latency")
                .title("Investigate a service's latency")
                .description("Walks through percentile, slow traces and the spans of the slowest trace, then leaves a script watching.")
                .arguments(List.of(PromptArgument.builder("service").description("the service.name to investigate").required(true).build()))
                .build();
        return List.of(new SyncPromptSpecification(prompt, (exchange, request) -> {
            Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
            Object service = arguments.get("service");
            if (service == null || service.toString().isBlank()) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("argument 'service' is required").build();
            }
            return GetPromptResult.builder(List.of(PromptMessage.builder(Role.USER,
                    TextContent.builder(investigateLatency(service.toString())).build()).build()))
                    .description("Investigate the latency of " + service)
                    .build();
        }));
    }

    static String investigateLatency(String service) {
        return """
                Investigate the latency of the service "%1$s" with Tidepool's tools, step by step, and tell me what you find:
                1. Call percentile for service "%1$s" with p 0.5, then 0.99, over window "15m". Compare them: a p99 far above the \
                median means a slow tail rather than a slow service.
                2. Call error_rate for "%1$s" over "15m": failures often come with the slow requests.
                3. Call slow_traces for "%1$s" with min_duration set near the p99 you found and limit 10. Note the routes \
                (http_route) and whether they fail.
                4. Take the slowest trace_id and call query with \
                SELECT service_name, span_name, span_kind, duration_ns / 1e6 AS ms, is_error FROM otel_spans_local \
                WHERE trace_id = $1 ORDER BY start_time, params [that trace_id], to see which downstream call takes the time. \
                Call host_usage too, in case the host is short of CPU or memory.
                5. Summarize the likely cause. Then offer to leave a script watching: read the tidepool://docs/scripts.md \
                resource, and deploy_script a script named "watch-%1$s-latency" that reads the p99 with \
                metrics.getPercentile("%1$s", "duration", 0.99, { window: "5m" }) and calls emit("high-latency", {...}, "warning") when it \
                exceeds the threshold you chose, with schedule {"every": "1m"}. Run it once with run_script (wait_seconds 30) \
                and check its output and events with get_run.""".formatted(service);
    }
}

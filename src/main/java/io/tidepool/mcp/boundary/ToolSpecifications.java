package io.tidepool.mcp.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;
import io.tidepool.mcp.control.McpTool;
import io.tidepool.mcp.control.McpUser;
import io.tidepool.mcp.control.ToolAnswer;
import io.tidepool.mcp.control.ToolArguments;
import io.tidepool.platform.ApiException;

/**
 * Turns a {@link McpTool} into the SDK's tool specification: annotations from its effect, the monitor's refusal,
 * and failures as tool results ({@code isError}) carrying the HTTP API's code and message, so that an assistant
 * can read and act on them; only protocol faults stay protocol errors.
 */
final class ToolSpecifications {

    private static final Logger LOG = Logger.getLogger(ToolSpecifications.class.getName());
    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };

    private ToolSpecifications() {
    }

    static SyncToolSpecification of(McpTool tool, McpJsonMapper mapper) {
        ToolAnnotations annotations = ToolAnnotations.builder()
                .title(tool.title())
                .readOnlyHint(tool.effect().readOnly())
                .destructiveHint(tool.effect() == McpTool.Effect.DESTROYS)
                .idempotentHint(tool.effect() == McpTool.Effect.READS || tool.effect() == McpTool.Effect.WRITES_IDEMPOTENT
                        || tool.effect() == McpTool.Effect.DESTROYS)
                .openWorldHint(false)
                .build();
        Tool definition = Tool.builder(tool.name(), mapper, tool.inputSchema())
                .title(tool.title())
                .description(tool.description())
                .outputSchema(mapper, tool.outputSchema())
                .annotations(annotations)
                .build();
        return SyncToolSpecification.builder().tool(definition).callHandler((exchange, request) -> {
            McpUser user = McpUser.of(exchange.transportContext());
            if (!tool.effect().readOnly() && !user.admin()) {
                return error(mapper, new ApiException(403, "forbidden", "the monitor role may only read; " + tool.name()
                        + " needs the administrator role"));
            }
            long started = System.nanoTime();
            try {
                ToolAnswer answer = tool.handler().call(new ToolArguments(json(mapper, request.arguments())), user);
                LOG.fine(() -> "MCP tool " + tool.name() + " for " + user.name() + " answered in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms.");
                return CallToolResult.builder()
                        .structuredContent(mapper.readValue(answer.structured().toString(), MAP))
                        .addContent(TextContent.builder(answer.summary() + "\n" + answer.structured()).build())
                        .isError(false)
                        .build();
            } catch (ApiException e) {
                return error(mapper, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "MCP tool " + tool.name() + " failed for " + user.name() + ": " + e, e);
                return error(mapper, new ApiException(500, "internal_error", "the tool failed unexpectedly; the server log has the details"));
            }
        }).build();
    }

    /** {@code {"error": {"code", "message"}}} as the HTTP API answers it, with the message as the text. */
    private static CallToolResult error(McpJsonMapper mapper, ApiException e) {
        var error = JSON.createObjectBuilder().add("code", e.code()).add("message", e.getMessage()).add("status", e.status());
        if (e.retryAfterSeconds() != null) {
            error.add("retry_after_seconds", e.retryAfterSeconds());
        }
        JsonObject body = JSON.createObjectBuilder().add("error", error).build();
        try {
            return CallToolResult.builder()
                    .structuredContent(mapper.readValue(body.toString(), MAP))
                    .addContent(TextContent.builder(e.code() + ": " + e.getMessage()).build())
                    .isError(true)
                    .build();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    private static JsonObject json(McpJsonMapper mapper, Map<String, Object> arguments) throws IOException {
        String text = arguments == null ? "{}" : mapper.writeValueAsString(arguments);
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}

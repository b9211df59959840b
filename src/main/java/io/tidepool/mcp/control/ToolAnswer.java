package io.tidepool.mcp.control;

import jakarta.json.JsonObject;

/** What a tool returns: the structured result (matching its output schema) and a short line an assistant reads first. */
public record ToolAnswer(JsonObject structured, String summary) {
}

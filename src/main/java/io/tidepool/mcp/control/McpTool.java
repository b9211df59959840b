package io.tidepool.mcp.control;

/**
 * One tool: its name and description, JSON Schemas for input and output, whether it changes anything
 * (the monitor may call only those that do not), its annotations' hints, and its handler.
 */
public record McpTool(String name, String title, String description, String inputSchema, String outputSchema,
        Effect effect, Handler handler) {

    /** What calling the tool does to the server, which sets its annotations and who may call it. */
    public enum Effect {
        /** Reads only: readOnlyHint. */
        READS,
        /** Creates or replaces; calling it twice with the same arguments leaves the same state: idempotentHint. */
        WRITES_IDEMPOTENT,
        /** Starts something new each call. */
        WRITES,
        /** Deletes or stops: destructiveHint. */
        DESTROYS;

        public boolean readOnly() {
            return this == READS;
        }
    }

    @FunctionalInterface
    public interface Handler {
        ToolAnswer call(ToolArguments arguments, McpUser user);
    }
}

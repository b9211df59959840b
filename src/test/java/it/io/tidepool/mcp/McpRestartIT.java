package it.io.tidepool.mcp;

import static it.io.tidepool.mcp.McpClients.call;
import static it.io.tidepool.mcp.McpClients.structured;
import static it.io.tidepool.mcp.McpClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import it.io.tidepool.ingest.SecondServer;
import it.io.tidepool.support.TidepoolServer;

/**
 * An MCP session across a restart of its server (the second test server, so the shared one keeps running): the
 * session's next call fails with a clear "session not found", and then the client's new session works.
 */
class McpRestartIT {

    @Test
    void aSessionThatOutlivesItsServerFailsClearlyAndANewSessionWorks() throws Exception {
        try (SecondServer server = new SecondServer(Map.of(
                "tidepool.demo.enabled", "false",
                "tidepool.security.keystore-path", TidepoolServer.KEYSTORE.toAbsolutePath().toString()))) {
            server.start();
            McpSyncClient client = McpClients.connect(server.adminPort, TidepoolServer.asAdmin());
            try {
                CallToolResult before = call(client, "query", Map.of("sql", "SELECT 1 AS one"));
                assertFalse(before.isError(), text(before));

                server.close();
                server.start();

                RuntimeException stale = assertThrows(RuntimeException.class,
                        () -> call(client, "query", Map.of("sql", "SELECT 2 AS two")));
                assertTrue(messages(stale).contains("Session not found"), messages(stale));

                // The SDK's client starts a new session after a "session not found"; the next call goes through it.
                CallToolResult after = call(client, "query", Map.of("sql", "SELECT 3 AS three"));
                assertFalse(after.isError(), text(after));
                assertEquals(List.of(Map.of("three", 3)), structured(after).get("rows"));
            } finally {
                client.close();
            }
            McpSyncClient fresh = McpClients.connect(server.adminPort, TidepoolServer.asAdmin());
            try {
                assertEquals(14, fresh.listTools().tools().size());
            } finally {
                fresh.close();
            }
        }
    }

    private static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
        }
        return text.toString();
    }
}

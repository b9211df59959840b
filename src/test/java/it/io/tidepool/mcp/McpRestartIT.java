package it.io.tidepool.mcp;

import static it.io.tidepool.mcp.McpClients.call;
import static it.io.tidepool.mcp.McpClients.structured;
import static it.io.tidepool.mcp.McpClients.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

import it.io.tidepool.ingest.SecondServer;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * MCP sessions across a restart of their server (the second test server, so the shared one keeps running): a
 * request in a session of the previous life is answered 404 with a JSON-RPC error that names the session, the SDK
 * client's call in such a session fails instead of hanging, and a new session works.
 */
class McpRestartIT {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @Test
    void aSessionThatOutlivesItsServerFailsClearlyAndANewSessionWorks() throws Exception {
        try (SecondServer server = new SecondServer(Map.of(
                "tidepool.demo.enabled", "false",
                "tidepool.security.keystore-path", TidepoolServer.KEYSTORE.toAbsolutePath().toString()))) {
            server.start();
            Reply initialized = post(server, null, INITIALIZE);
            assertEquals(200, initialized.status(), initialized.toString());
            String session = initialized.header("Mcp-Session-Id");
            assertNotNull(session, initialized.toString());
            assertEquals(202, post(server, session, INITIALIZED).status());
            Reply listed = post(server, session, LIST_TOOLS);
            assertEquals(200, listed.status(), listed.toString());
            assertTrue(listed.body().contains("\"deploy_script\""), listed.body());

            McpSyncClient client = McpClients.connect(server.adminPort, TidepoolServer.asAdmin());
            CallToolResult before = call(client, "query", Map.of("sql", "SELECT 1 AS one"));
            assertFalse(before.isError(), text(before));

            server.close();
            server.start();

            Reply stale = post(server, session, LIST_TOOLS);
            assertEquals(404, stale.status(), stale.toString());
            assertTrue(stale.body().contains("Session not found: " + session), stale.body());

            assertThrows(RuntimeException.class, () -> call(client, "query", Map.of("sql", "SELECT 2 AS two")),
                    "a call in the lost session fails rather than hangs");
            client.close();

            McpSyncClient fresh = McpClients.connect(server.adminPort, TidepoolServer.asAdmin());
            try {
                CallToolResult after = call(fresh, "query", Map.of("sql", "SELECT 3 AS three"));
                assertFalse(after.isError(), text(after));
                assertEquals(List.of(Map.of("three", 3)), structured(after).get("rows"));
            } finally {
                fresh.close();
            }
        }
    }

    private static Reply post(SecondServer server, String session, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.admin("/mcp"))
                .header("Authorization", TidepoolServer.asAdmin())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return TidepoolServer.send(request);
    }
}

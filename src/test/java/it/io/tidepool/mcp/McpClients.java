package it.io.tidepool.mcp;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

import it.io.tidepool.support.TidepoolServer;

/** The official MCP Java SDK's client over real HTTPS (trusting the test certificate), logged in as a given user. */
final class McpClients {

    private McpClients() {
    }

    /** An initialized client of the MCP server at {@code https://127.0.0.1:port/mcp}. */
    static McpSyncClient connect(int adminPort, String authorization) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("https://127.0.0.1:" + adminPort)
                .endpoint("/mcp")
                .clientBuilder(HttpClient.newBuilder().sslContext(TidepoolServer.tls()).version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", authorization))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120)).build();
        client.initialize();
        return client;
    }

    static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    }

    /** The text of a result's first content block. */
    static String text(CallToolResult result) {
        return ((TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }
}

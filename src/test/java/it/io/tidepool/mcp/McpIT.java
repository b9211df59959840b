package it.io.tidepool.mcp;

import static it.io.tidepool.mcp.McpClients.call;
import static it.io.tidepool.mcp.McpClients.structured;
import static it.io.tidepool.mcp.McpClients.text;
import static it.io.tidepool.support.TidepoolServer.ADMIN_PORT;
import static it.io.tidepool.support.TidepoolServer.admin;
import static it.io.tidepool.support.TidepoolServer.asAdmin;
import static it.io.tidepool.support.TidepoolServer.asMonitor;
import static it.io.tidepool.support.TidepoolServer.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/**
 * The MCP server on the shared IT server's admin port, through the official MCP Java SDK's client over HTTPS:
 * the protocol surface, every tool's answer and its main refusal, the monitor's refusals, and an assistant's loop
 * of deploying a script, running it and reading what it emitted.
 */
class McpIT {

    private static final String SCRIPT = "mcp-it-watch";
    private static McpSyncClient admin;
    private static McpSyncClient monitor;

    @BeforeAll
    static void connect() {
        admin = McpClients.connect(ADMIN_PORT, asAdmin());
        monitor = McpClients.connect(ADMIN_PORT, asMonitor());
    }

    @AfterAll
    static void close() {
        call(admin, "delete_script", Map.of("name", SCRIPT));
        admin.closeGracefully();
        monitor.closeGracefully();
    }

    @Test
    void initializeNamesTheServerAndListsEveryToolWithSchemasAndTruthfulHints() {
        assertEquals("tidepool", admin.getServerInfo().name());
        Map<String, Tool> tools = admin.listTools().tools().stream().collect(Collectors.toMap(Tool::name, t -> t));
        assertEquals(Set.of("describe_schema", "query", "percentile", "error_rate", "slow_traces", "host_usage",
                "list_scripts", "get_script", "deploy_script", "delete_script", "run_script", "get_run", "stop_run",
                "list_runs"), tools.keySet());
        tools.values().forEach(tool -> {
            assertNotNull(tool.outputSchema(), tool.name());
            assertEquals("object", tool.inputSchema().get("type"), tool.name());
        });
        assertTrue(tools.get("query").annotations().readOnlyHint());
        assertFalse(tools.get("deploy_script").annotations().readOnlyHint());
        assertTrue(tools.get("deploy_script").annotations().idempotentHint());
        assertTrue(tools.get("delete_script").annotations().destructiveHint());
        assertFalse(tools.get("run_script").annotations().idempotentHint());
    }

    @Test
    void servesTheSchemaContractAndTheSdkGuideAndAPrompt() {
        List<String> uris = admin.listResources().resources().stream().map(Resource::uri).toList();
        assertTrue(uris.containsAll(List.of("tidepool://docs/schema.md", "tidepool://docs/scripts.md")), uris.toString());
        String schema = ((TextResourceContents) admin.readResource(new ReadResourceRequest("tidepool://docs/schema.md"))
                .contents().get(0)).text();
        assertTrue(schema.contains("## `otel_spans_local`"), schema);
        String guide = ((TextResourceContents) admin.readResource(new ReadResourceRequest("tidepool://docs/scripts.md"))
                .contents().get(0)).text();
        assertTrue(guide.contains("@tidepool/sdk"));
        assertEquals("tidepool://runs/{id}/output", admin.listResourceTemplates().resourceTemplates().get(0).uriTemplate());

        GetPromptResult prompt = admin.getPrompt(new GetPromptRequest("investigate_latency", Map.of("service", "checkout")));
        String text = ((TextContent) prompt.messages().get(0).content()).text();
        assertTrue(text.contains("percentile for service \"checkout\""), text);
        assertTrue(text.contains("slow_traces") && text.contains("deploy_script"), text);
    }

    @Test
    void describeSchemaListsTablesColumnsAndExamples() {
        CallToolResult result = call(admin, "describe_schema", Map.of());
        assertFalse(result.isError());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tables = (List<Map<String, Object>>) structured(result).get("tables");
        Map<String, Object> spans = tables.stream().filter(t -> t.get("name").equals("otel_spans_local")).findFirst().orElseThrow();
        assertTrue(spans.get("columns").toString().contains("{name=duration_ns, type=BIGINT, meaning=end minus start, nanoseconds}"),
                spans.get("columns").toString());
        assertEquals(4, tables.size());
        assertFalse(((List<?>) structured(result).get("examples")).isEmpty());
    }

    @Test
    void queryAnswersTwoHundredRowsByDefaultAndSaysItTruncated() {
        CallToolResult result = call(admin, "query", Map.of("sql", "SELECT range AS n FROM range(500)"));
        assertFalse(result.isError(), text(result));
        Map<String, Object> answer = structured(result);
        assertEquals(200, ((Number) answer.get("count")).intValue());
        assertEquals(true, answer.get("truncated"));
        assertEquals(200, ((List<?>) answer.get("rows")).size());
        assertTrue(text(result).startsWith("200 rows, truncated at max_rows 200"), text(result));

        CallToolResult bound = call(admin, "query", Map.of("sql", "SELECT $1::INT + 1 AS n", "params", List.of(41), "max_rows", 5));
        assertEquals(Map.of("n", 42), ((List<?>) structured(bound).get("rows")).get(0));
        assertEquals(false, structured(bound).get("truncated"));
    }

    @Test
    void queryRefusesWhatTheHttpApiRefusesWithTheSameMessage() {
        String sql = "DELETE FROM otel_spans_local";
        CallToolResult result = call(admin, "query", Map.of("sql", sql));
        assertTrue(result.isError());
        Reply http = TidepoolServer.query(sql);
        assertEquals(http.errorCode() + ": " + http.errorMessage(), text(result));

        CallToolResult syntax = call(admin, "query", Map.of("sql", "SELEC 1"));
        assertTrue(syntax.isError());
        assertTrue(text(syntax).contains("syntax error"), text(syntax));

        CallToolResult tooMany = call(admin, "query", Map.of("sql", "SELECT 1", "max_rows", 10_000_000));
        assertTrue(tooMany.isError());
        assertTrue(text(tooMany).startsWith("invalid_argument: 'max_rows' must be a whole number from 1 to "), text(tooMany));
    }

    @Test
    void aFloodOfQueriesGetsTheDocumentedRefusalsNotAHang() throws Exception {
        // Each query outlives the 5 s deadline of the IT server; an MCP user holds 4 query slots, so of 12 calls at
        // once 4 run into their deadline and the rest wait the 2 s queue timeout for a slot and are refused.
        String slow = "SELECT count(*) AS n FROM range(100000000000) WHERE range % 7 = 3";
        long started = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<CallToolResult>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> call(admin, "query", Map.of("sql", slow))));
        }
        List<String> answers = new java.util.ArrayList<>();
        for (var future : calls) {
            CallToolResult result = future.get(90, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(result.isError(), text(result));
            answers.add(text(result));
        }
        assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(60), "answered within 60 s");
        assertTrue(answers.stream().allMatch(a -> a.startsWith("overloaded: ") || a.startsWith("timeout: ")), answers.toString());
        assertTrue(answers.stream().anyMatch(a -> a.startsWith("overloaded: ")), answers.toString());
        assertTrue(answers.stream().anyMatch(a -> a.startsWith("timeout: ")), answers.toString());
    }

    @Test
    void helpersAnswerLikeTheSdkApi() {
        CallToolResult p = call(admin, "percentile", Map.of("service", "mcp-it-nothing", "p", 0.99, "window", "10m"));
        assertFalse(p.isError(), text(p));
        assertEquals("ns", structured(p).get("unit"));
        assertEquals(0, ((Number) structured(p).get("count")).intValue());
        assertEquals("10m", structured(p).get("window"));
        assertTrue(text(p).startsWith("no requests of mcp-it-nothing"), text(p));
        CallToolResult badWindow = call(admin, "percentile", Map.of("service", "checkout", "p", 0.5, "window", "soon"));
        assertTrue(badWindow.isError());
        assertTrue(text(badWindow).startsWith("invalid_argument: 'window': "), text(badWindow));

        CallToolResult rate = call(admin, "error_rate", Map.of("service", "mcp-it-nothing"));
        assertFalse(rate.isError(), text(rate));
        assertEquals(0, ((Number) structured(rate).get("count")).intValue());
        CallToolResult noService = call(admin, "error_rate", Map.of());
        assertTrue(noService.isError());

        CallToolResult traces = call(admin, "slow_traces", Map.of("limit", 3));
        assertFalse(traces.isError(), text(traces));
        assertEquals(((List<?>) structured(traces).get("traces")).size(), ((Number) structured(traces).get("count")).intValue());
        assertTrue(((Number) structured(traces).get("count")).intValue() <= 3);
        assertTrue(call(admin, "slow_traces", Map.of("min_duration", "slowly")).isError());

        CallToolResult host = call(admin, "host_usage", Map.of());
        assertFalse(host.isError(), text(host));
        assertTrue(structured(host).containsKey("cpu_percent"));
        assertTrue(structured(host).containsKey("memory_percent"));
    }

    @Test
    void deployTypeChecksFirstAndReplacesByName() {
        String broken = "import { emit } from \"@tidepool/sdk\";\nconst n: number = \"many\";\nawait emit(\"x\", { n });\n";
        CallToolResult refused = call(admin, "deploy_script", Map.of("name", "mcp-it-broken", "source", broken));
        assertTrue(refused.isError());
        assertTrue(text(refused).startsWith("type_error: the script does not type-check against the SDK, nothing was saved: "
                + "line 2, column 7: TS2322 Type 'string' is not assignable to type 'number'."), text(refused));
        CallToolResult absent = call(admin, "get_script", Map.of("name", "mcp-it-broken"));
        assertTrue(absent.isError());
        assertEquals("not_found: no script named 'mcp-it-broken'", text(absent));

        String first = "console.log(\"one\");\n";
        CallToolResult created = call(admin, "deploy_script", Map.of("name", "mcp-it-deploy", "source", first, "description", "v1"));
        assertFalse(created.isError(), text(created));
        assertEquals(true, structured(created).get("created"));
        CallToolResult replaced = call(admin, "deploy_script", Map.of("name", "mcp-it-deploy", "source", "console.log(\"two\");\n"));
        assertFalse(replaced.isError(), text(replaced));
        assertEquals(false, structured(replaced).get("created"));
        assertEquals(2, ((Number) structured(replaced).get("version")).intValue());
        assertEquals("console.log(\"two\");\n", structured(call(admin, "get_script", Map.of("name", "mcp-it-deploy"))).get("source"));
        assertTrue(text(call(admin, "list_scripts", Map.of())).contains("mcp-it-deploy"));

        assertFalse(call(admin, "delete_script", Map.of("name", "mcp-it-deploy")).isError());
        CallToolResult again = call(admin, "delete_script", Map.of("name", "mcp-it-deploy"));
        assertTrue(again.isError());
        assertEquals("not_found: no script named 'mcp-it-deploy'", text(again));
    }

    @Test
    void anAssistantDeploysAScriptRunsItAndReadsItsEvent() {
        String source = """
                import { db, emit } from "@tidepool/sdk";
                const result = await db.query("SELECT 6 * 7 AS answer");
                const answer = result.rows[0].answer as number;
                console.log(`answer ${answer}`);
                await emit("mcp-loop", { answer }, "warning");
                """;
        assertFalse(call(admin, "deploy_script", Map.of("name", SCRIPT, "source", source)).isError());
        CallToolResult started = call(admin, "run_script", Map.of("name", SCRIPT, "wait_seconds", 60));
        assertFalse(started.isError(), text(started));
        assertEquals("finished", structured(started).get("state"), text(started));
        assertEquals("succeeded", structured(started).get("outcome"), text(started));
        String id = (String) structured(started).get("id");

        CallToolResult run = call(admin, "get_run", Map.of("id", id));
        assertFalse(run.isError(), text(run));
        assertEquals("answer 42\n", structured(run).get("stdout"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) structured(run).get("events");
        assertEquals(1, events.size(), events.toString());
        assertEquals("mcp-loop", events.get(0).get("name"));
        assertEquals("warning", events.get(0).get("severity"));
        assertEquals(42, ((Number) ((Map<?, ?>) events.get(0).get("data")).get("answer")).intValue());

        String output = ((TextResourceContents) admin.readResource(new ReadResourceRequest("tidepool://runs/" + id + "/output"))
                .contents().get(0)).text();
        assertEquals("answer 42\n", output);
        assertTrue(text(call(admin, "list_runs", Map.of("script", SCRIPT))).startsWith("1 runs"));

        CallToolResult stopFinished = call(admin, "stop_run", Map.of("id", id));
        assertTrue(stopFinished.isError(), text(stopFinished));
        CallToolResult unknown = call(admin, "get_run", Map.of("id", "no-such-run"));
        assertTrue(unknown.isError());
        assertEquals("not_found: no run with id 'no-such-run'", text(unknown));
    }

    @Test
    void theMonitorReadsButIsRefusedEveryToolThatChangesSomething() {
        assertEquals(14, monitor.listTools().tools().size());
        CallToolResult read = call(monitor, "query", Map.of("sql", "SELECT 1 AS one"));
        assertFalse(read.isError(), text(read));
        Map<String, Map<String, Object>> calls = Map.of(
                "deploy_script", Map.of("name", "mcp-it-monitor", "source", "console.log(1);\n"),
                "delete_script", Map.of("name", "mcp-it-monitor"),
                "run_script", Map.of("name", "mcp-it-monitor"),
                "stop_run", Map.of("id", "x"));
        for (String tool : calls.keySet()) {
            CallToolResult refused = call(monitor, tool, calls.get(tool));
            assertTrue(refused.isError(), tool);
            assertEquals("forbidden: the monitor role may only read; " + tool + " needs the administrator role", text(refused));
        }
        assertTrue(call(admin, "get_script", Map.of("name", "mcp-it-monitor")).isError(), "nothing was deployed");
    }

    @Test
    void withoutCredentialsTheEndpointAnswers401AsTheScriptApiDoes() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
        Reply anonymous = TidepoolServer.send(HttpRequest.newBuilder(admin("/mcp")).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(initialize)));
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals("unauthenticated", anonymous.errorCode());
        Reply wrong = TidepoolServer.send(HttpRequest.newBuilder(admin("/mcp")).header("Content-Type", "application/json")
                .header("Authorization", basic("admin", "not-the-password"))
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(initialize)));
        assertEquals(401, wrong.status());
        assertEquals("user name or password not accepted", wrong.errorMessage());
        Reply onSdkPort = TidepoolServer.postJson(TidepoolServer.sdk("/mcp"), initialize);
        assertEquals(404, onSdkPort.status(), "the MCP server is on the admin port only");
    }

    @Test
    void theScriptApiTypeChecksOnRequest() {
        String broken = "const n: number = \"x\";\n";
        Reply refused = TidepoolServer.send(HttpRequest.newBuilder(admin("/scripts?check=true")).header("Authorization", asAdmin())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        Json.createObjectBuilder().add("name", "mcp-it-check").add("source", broken).build().toString())));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("type_error", refused.errorCode());
        assertTrue(refused.errorMessage().contains("line 1, column 7: TS2322"), refused.errorMessage());
        assertEquals(404, TidepoolServer.send(HttpRequest.newBuilder(admin("/scripts/mcp-it-check")).header("Authorization", asAdmin())
                .GET()).status());
    }
}

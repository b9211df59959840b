package io.tidepool.mcp.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.tidepool.mcp.control.HelperTools;
import io.tidepool.mcp.control.McpTool;
import io.tidepool.mcp.control.McpUser;
import io.tidepool.mcp.control.QueryTools;
import io.tidepool.mcp.control.RunTools;
import io.tidepool.mcp.control.ScriptTools;
import io.tidepool.platform.AdminAccessFilter;

/**
 * Mounts the MCP server at {@code /mcp} (the admin port only: PlaneFilter; behind the script API's login:
 * AdminAccessFilter). The SDK's Streamable HTTP servlet is registered here rather than by its own annotation because
 * it is built with the server's tools; sessions live in this JVM, so a restart ends them and a client starts anew.
 * Tool calls run on the request's thread (immediate execution), which holds the request while the tool works.
 *
 * <pre>
 * curl -s -u admin https://localhost:9081/mcp -H 'Accept: application/json, text/event-stream' \
 *   -H 'Content-Type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{
 *   "protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}'
 * </pre>
 */
@WebListener
public class McpEndpoint implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(McpEndpoint.class.getName());
    static final String SERVER_NAME = "tidepool";
    static final String SERVER_VERSION = "0.1.0";

    @Inject
    QueryTools queryTools;

    @Inject
    HelperTools helperTools;

    @Inject
    ScriptTools scriptTools;

    @Inject
    RunTools runTools;

    private McpSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        McpJsonMapper mapper = McpJsonDefaults.getMapper();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper)
                .mcpEndpoint(AdminAccessFilter.MCP_PATH)
                .contextExtractor(request -> McpTransportContext.create(McpUser.context(
                        request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName(),
                        request.isUserInRole(AdminAccessFilter.ADMIN_ROLE),
                        request.getRemoteAddr() + ":" + request.getRemotePort())))
                .build();
        List<McpTool> tools = new ArrayList<>();
        tools.addAll(queryTools.tools());
        tools.addAll(helperTools.tools());
        tools.addAll(scriptTools.tools());
        tools.addAll(runTools.tools());
        List<SyncToolSpecification> specifications = tools.stream().map(tool -> ToolSpecifications.of(tool, mapper)).toList();
        server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, SERVER_VERSION)
                .instructions(Guidance.INSTRUCTIONS)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
                .immediateExecution(true)
                .tools(specifications)
                .resources(Guidance.documents())
                .resourceTemplates(Guidance.runOutputTemplate(runTools))
                .prompts(Guidance.prompts())
                .build();
        ServletRegistration.Dynamic servlet = event.getServletContext().addServlet("mcp", transport);
        servlet.setAsyncSupported(true);
        servlet.addMapping(AdminAccessFilter.MCP_PATH);
        LOG.info(() -> "MCP server at " + AdminAccessFilter.MCP_PATH + " on the admin port with " + tools.size() + " tools.");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (server != null) {
            server.closeGracefully();
        }
    }
}

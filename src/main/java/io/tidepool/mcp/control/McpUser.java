package io.tidepool.mcp.control;

import java.util.Map;

import io.modelcontextprotocol.common.McpTransportContext;
import io.tidepool.query.entity.Caller;

/**
 * Who sent an MCP request, as the admin port's login found it (AdminAccessFilter runs before the MCP servlet):
 * the user, whether it has the administrator role, and the client's address.
 */
public record McpUser(String name, boolean admin, String address) {

    static final String NAME = "tidepool.user";
    static final String ADMIN = "tidepool.admin";
    static final String ADDRESS = "tidepool.address";

    /** The transport context's entries for a request (see the endpoint's context extractor). */
    public static Map<String, Object> context(String name, boolean admin, String address) {
        return Map.of(NAME, name == null ? "" : name, ADMIN, admin, ADDRESS, address);
    }

    public static McpUser of(McpTransportContext context) {
        Object name = context.get(NAME);
        Object address = context.get(ADDRESS);
        return new McpUser(name == null ? "" : name.toString(), Boolean.TRUE.equals(context.get(ADMIN)),
                address == null ? "unknown" : address.toString());
    }

    /**
     * The caller its queries are attributed to: an MCP user gets a share of query slots of its own, as a script
     * does, so an assistant in a loop cannot take every slot from the scripts.
     */
    public Caller caller() {
        return new Caller("mcp " + address, "mcp:" + name, null);
    }
}

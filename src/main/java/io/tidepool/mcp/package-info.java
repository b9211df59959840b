/**
 * The MCP server for AI assistants: {@code https://localhost:9081/mcp} on the admin port, the Streamable HTTP
 * transport of the official MCP Java SDK, behind the script API's login. Its tools call the same controls as the
 * HTTP APIs (the SDK API's query path and helpers, the script catalog and runner), so an assistant gets the same
 * limits and the same error messages as any other client; see docs/mcp.md.
 */
package io.tidepool.mcp;

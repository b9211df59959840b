package io.tidepool.platform;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tidepool.security.BasicCredentials;

/**
 * The script administration API and the MCP server need a user: the {@value #ADMIN_ROLE} role for anything that
 * changes scripts or runs, the {@value #MONITOR_ROLE} role (or {@value #ADMIN_ROLE}) to read.
 * Users and passwords are the container's (the basic registry in server.xml, role mapping in the
 * webApplication's bindings); the admin endpoint is HTTPS only, so Basic credentials never cross
 * the wire in clear. Only the admin plane asks, so a script probing {@code /scripts} on its SDK
 * port still gets the plane's 404, and errors keep Tidepool's JSON shape (a web.xml constraint
 * would answer every port, before the plane check, with the container's HTML page).
 * Declared after {@link PlaneFilter}.
 */
public class AdminAccessFilter implements Filter {

    public static final String ADMIN_ROLE = "admin";
    public static final String MONITOR_ROLE = "monitor";
    /** The MCP server's endpoint (io.tidepool.mcp), behind the same login. */
    public static final String MCP_PATH = "/mcp";

    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        if (request.getAttribute(PlaneFilter.PLANE_ATTRIBUTE) != Plane.ADMIN) {
            chain.doFilter(request, response);
            return;
        }
        // Liberty does not read credentials sent to paths without a security constraint (server.xml:
        // useAuthenticationDataForUnprotectedResource="false"), so the login happens here, once per request.
        if (http.getUserPrincipal() == null) {
            BasicCredentials credentials = BasicCredentials.parse(http.getHeader("Authorization")).orElse(null);
            if (credentials == null) {
                challenge(out, "unauthenticated", "the script API needs a user: send HTTP Basic credentials of the "
                        + "administrator (or, to read, the monitor) configured by tidepool.security.*");
                return;
            }
            try {
                http.login(credentials.user(), credentials.password());
            } catch (ServletException refused) {
                challenge(out, "unauthenticated", "user name or password not accepted");
                return;
            }
        }
        if (!mayAccess(http)) {
            ErrorBody.send(out, 403, "forbidden", "the monitor role may only read; " + http.getMethod()
                    + " needs the administrator role");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean mayAccess(HttpServletRequest request) {
        if (request.isUserInRole(ADMIN_ROLE)) {
            return true;
        }
        if (!request.isUserInRole(MONITOR_ROLE)) {
            return false;
        }
        // MCP sends every call as a POST: the monitor may reach it, and its server refuses the monitor the tools that change anything.
        return READ_METHODS.contains(request.getMethod()) || isMcp(request);
    }

    private static boolean isMcp(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).equals(MCP_PATH);
    }

    private static void challenge(HttpServletResponse out, String code, String message) throws IOException {
        out.setHeader("WWW-Authenticate", BasicCredentials.challenge());
        ErrorBody.send(out, 401, code, message);
    }
}

package io.tidepool.platform;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps each plane on its own port: SQL is never reachable on the OTLP port, script
 * administration never on the sandboxed scripts' loopback port, and so on. A path asked on the
 * wrong port is answered as if it did not exist. Declared first in WEB-INF/web.xml.
 */
public class PlaneFilter implements Filter {

    /** Request attribute holding the {@link Plane} a request arrived on, for filters that run after this one. */
    public static final String PLANE_ATTRIBUTE = Plane.class.getName();

    @Inject
    @ConfigProperty(name = "tidepool.sdk.port", defaultValue = "9003")
    int sdkPort;

    @Inject
    @ConfigProperty(name = "tidepool.otlp.port", defaultValue = "4318")
    int otlpPort;

    @Inject
    @ConfigProperty(name = "tidepool.admin.port", defaultValue = "9081")
    int adminPort;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Plane plane = planeOf(http.getLocalPort());
        String path = http.getRequestURI().substring(http.getContextPath().length());
        if (plane != null && plane.serves(path)) {
            request.setAttribute(PLANE_ATTRIBUTE, plane);
            chain.doFilter(request, response);
            return;
        }
        ErrorBody.send((HttpServletResponse) response, 404, "not_found", "no such endpoint on this port");
    }

    private Plane planeOf(int localPort) {
        if (localPort == sdkPort) {
            return Plane.SDK;
        }
        if (localPort == otlpPort) {
            return Plane.OTLP;
        }
        if (localPort == adminPort) {
            return Plane.ADMIN;
        }
        return null;
    }
}

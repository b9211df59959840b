package io.tidepool.platform;

import java.io.IOException;
import java.util.Enumeration;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;

import com.google.rpc.Code;
import com.google.rpc.Status;

/**
 * Refuses a request whose {@code Content-Type} or {@code Accept} is not a media type at all
 * ({@code garbage}, {@code ;}), in its plane's error shape. The JAX-RS runtime parses both headers
 * before any resource or exception mapper is reached and answers such a request with the servlet
 * container's HTML error page; parsing them here with the same parser ({@link MediaType#valueOf})
 * catches exactly those requests first. A well-formed type the endpoint does not take is still the
 * endpoint's to refuse (415 or 406 with its own message). Mapped after the plane, access and request-metrics filters.
 */
public class MediaTypeHeadersFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse out = (HttpServletResponse) response;
        Plane plane = (Plane) request.getAttribute(PlaneFilter.PLANE_ATTRIBUTE);
        String contentType = http.getHeader("Content-Type");
        if (contentType != null && !parses(contentType)) {
            refuse(out, plane, 415, "unsupported_media_type", "Content-Type '" + contentType + "' is not a media type; send "
                    + (plane == Plane.OTLP ? "application/x-protobuf or application/json" : "application/json"));
            return;
        }
        Enumeration<String> accepts = http.getHeaders("Accept");
        while (accepts != null && accepts.hasMoreElements()) {
            String accept = accepts.nextElement();
            if (!acceptParses(accept)) {
                refuse(out, plane, 406, "not_acceptable", "Accept '" + accept + "' is not a list of media types such as "
                        + "application/json, text/csv;q=0.5");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    static boolean parses(String mediaType) {
        try {
            MediaType.valueOf(mediaType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean acceptParses(String accept) {
        for (String type : accept.split(",")) {
            if (!type.isBlank() && !parses(type.strip())) {
                return false;
            }
        }
        return true;
    }

    /** OTLP senders read a {@code google.rpc.Status} (in protobuf, the request's encoding being unknown); everyone else the JSON error. */
    private static void refuse(HttpServletResponse out, Plane plane, int status, String code, String message) throws IOException {
        if (plane == Plane.OTLP) {
            out.setStatus(status);
            out.setContentType("application/x-protobuf");
            out.getOutputStream().write(Status.newBuilder().setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage(message)
                    .build().toByteArray());
            return;
        }
        ErrorBody.send(out, status, code, message);
    }
}

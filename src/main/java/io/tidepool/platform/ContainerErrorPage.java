package io.tidepool.platform;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.rpc.Code;
import com.google.rpc.Status;

/**
 * The error page (WEB-INF/web.xml) for what the servlet container refuses itself before any filter
 * or resource runs, such as a request URI with an encoded backslash or {@code #}: it answers in the
 * error shape of the port's plane instead of the container's HTML page. Errors of Tidepool's own
 * code never come here; they are answered by {@link ApiExceptionMapper} and the planes' filters.
 */
public class ContainerErrorPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    @ConfigProperty(name = "tidepool.otlp.port", defaultValue = "4318")
    int otlpPort;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given && given >= 400 ? given : 400;
        String message = "the request was refused by the HTTP server (status " + status + "): "
                + (status == 400 ? "the request URI or a header is malformed" : "see the status");
        response.resetBuffer();
        if (request.getLocalPort() == otlpPort) {
            response.setStatus(status);
            response.setContentType("application/x-protobuf");
            response.getOutputStream().write(Status.newBuilder().setCode(Code.INVALID_ARGUMENT.getNumber()).setMessage(message)
                    .build().toByteArray());
            return;
        }
        ErrorBody.send(response, status, status == 400 ? "bad_request" : "http_error", message);
    }
}

package io.tidepool.platform;

import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns every failure into the JSON error shape with the right status. Unexpected failures are
 * logged with their stack trace and answered with a generic 500: no stack trace reaches a client.
 */
@Provider
public class ApiExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiException api) {
            Response.ResponseBuilder response = json(api.status(), api.code(), api.getMessage());
            if (api.retryAfterSeconds() != null) {
                response.header("Retry-After", api.retryAfterSeconds());
            }
            return response.build();
        }
        if (failure instanceof NotFoundException) {
            return json(404, "not_found", "no such endpoint").build();
        }
        if (failure instanceof NotAllowedException) {
            return json(405, "method_not_allowed", "method not allowed on this endpoint").build();
        }
        if (failure instanceof NotSupportedException) {
            return json(415, "unsupported_media_type", "unsupported content type; send application/json").build();
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            return json(status, "bad_request", web.getMessage()).build();
        }
        LOG.log(Level.SEVERE, "Request failed unexpectedly: " + failure, failure);
        return json(500, "internal", "internal server error").build();
    }

    private static Response.ResponseBuilder json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message));
    }
}

package io.tidepool.query.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.InputStream;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.JsonBody;
import io.tidepool.query.control.EventEmitter;
import io.tidepool.query.control.QueryLimits;
import io.tidepool.query.entity.ScriptEvent;

/**
 * Records an event from a script into {@code script_events}; answers once it is committed. A
 * request with a run token stores its script and run as {@code script_id} and {@code execution_id}.
 *
 * <pre>
 * curl -s localhost:9003/emit -H 'Content-Type: application/json' \
 *   -d '{"name": "high_latency", "severity": "warning", "data": {"service": "payments", "p99_ms": 812}}'
 * </pre>
 */
@Tag(name = "sdk")
@Path("/emit")
public class EmitResource {

    @Inject
    EventEmitter emitter;

    @Inject
    QueryLimits limits;

    @Context
    HttpServletRequest http;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject emit(@HeaderParam("Content-Type") String contentType, InputStream body) {
        ScriptEvent event = ScriptEvent.from(JsonBody.object(contentType, body, limits.maxRequestBytes(), ScriptEvent.EXAMPLE));
        Instant stored = emitter.emit(event, SdkCaller.of(http));
        return JSON.createObjectBuilder()
                .add("stored", true)
                .add("name", event.name())
                .add("severity", event.severity())
                .add("timestamp", stored.toString())
                .build();
    }
}

package io.tidepool.ingest.boundary;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.ingest.control.IngestMetrics;
import io.tidepool.ingest.control.OtlpReceiver;
import io.tidepool.ingest.entity.Signal;

/**
 * The OTLP/HTTP receiver (port 4318 by default): protobuf or JSON, optionally gzip-compressed;
 * answered in the request's encoding once the valid items are committed.
 *
 * <pre>
 * curl -s localhost:4318/v1/traces -H 'Content-Type: application/json' -d '{"resourceSpans": [{
 *   "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "shop"}}]},
 *   "scopeSpans": [{"spans": [{"traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174",
 *     "name": "GET /cart", "kind": 2, "startTimeUnixNano": "1700000000000000000",
 *     "endTimeUnixNano": "1700000000250000000"}]}]}]}'
 * </pre>
 */
@Tag(name = "otlp")
@Path("/v1")
public class OtlpResource {

    @Inject
    OtlpReceiver receiver;

    @Inject
    IngestMetrics metrics;

    @POST
    @Path("traces")
    public Response traces(@Context HttpServletRequest request) {
        return answer(Signal.TRACES, request);
    }

    @POST
    @Path("metrics")
    public Response metrics(@Context HttpServletRequest request) {
        return answer(Signal.METRICS, request);
    }

    /**
     * Reads the servlet's raw stream rather than a JAX-RS entity: the JAX-RS runtime would inflate
     * gzip itself (measured: a body sent with Content-Encoding gzip arrived decompressed), without
     * the decompressed-size limit the receiver enforces.
     */
    private Response answer(Signal signal, HttpServletRequest request) {
        try {
            Response response = OtlpResponses.success(receiver.receive(signal, request.getContentType(),
                    request.getHeader("Content-Encoding"), request.getInputStream()));
            metrics.request(signal, response.getStatus());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the export request", e);
        }
    }
}

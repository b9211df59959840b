package io.tidepool.ingest.boundary;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

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
@Path("/v1")
public class OtlpResource {

    @Inject
    OtlpReceiver receiver;

    @Inject
    IngestMetrics metrics;

    @POST
    @Path("traces")
    public Response traces(@HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Encoding") String contentEncoding, InputStream body) {
        return answer(Signal.TRACES, contentType, contentEncoding, body);
    }

    @POST
    @Path("metrics")
    public Response metrics(@HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Encoding") String contentEncoding, InputStream body) {
        return answer(Signal.METRICS, contentType, contentEncoding, body);
    }

    private Response answer(Signal signal, String contentType, String contentEncoding, InputStream body) {
        Response response = OtlpResponses.success(receiver.receive(signal, contentType, contentEncoding, body));
        metrics.request(signal, response.getStatus());
        return response;
    }
}

package io.tidepool.ingest.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.tidepool.ingest.control.IngestMetrics;
import io.tidepool.ingest.control.OtlpFailure;

/** OTLP failures get OTLP's error shape (a google.rpc.Status), not the SDK API's JSON error. */
@Provider
public class OtlpFailureMapper implements ExceptionMapper<OtlpFailure> {

    @Inject
    IngestMetrics metrics;

    @Override
    public Response toResponse(OtlpFailure failure) {
        metrics.request(failure.signal(), failure.status());
        return OtlpResponses.failure(failure);
    }
}

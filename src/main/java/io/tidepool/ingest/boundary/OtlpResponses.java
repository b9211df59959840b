package io.tidepool.ingest.boundary;

import jakarta.ws.rs.core.Response;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.tidepool.ingest.control.OtlpFailure;
import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Receipt;

/**
 * OTLP/HTTP answers: the signal's Export*ServiceResponse (with {@code partial_success} when items
 * were rejected or something needs saying) or a {@code google.rpc.Status} for a failed request,
 * in the request's encoding.
 */
final class OtlpResponses {

    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpResponses() {
    }

    static Response success(Receipt receipt) {
        boolean partial = receipt.rejected() > 0 || !receipt.message().isEmpty();
        Message body = switch (receipt.signal()) {
            case TRACES -> {
                ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
                if (partial) {
                    response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                            .setRejectedSpans(receipt.rejected()).setErrorMessage(receipt.message()));
                }
                yield response.build();
            }
            case METRICS -> {
                ExportMetricsServiceResponse.Builder response = ExportMetricsServiceResponse.newBuilder();
                if (partial) {
                    response.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                            .setRejectedDataPoints(receipt.rejected()).setErrorMessage(receipt.message()));
                }
                yield response.build();
            }
        };
        return encoded(Response.ok(), body, receipt.encoding());
    }

    static Response failure(OtlpFailure failure) {
        Status status = Status.newBuilder().setCode(code(failure.status()).getNumber())
                .setMessage(failure.getMessage() == null ? "" : failure.getMessage()).build();
        Response.ResponseBuilder response = Response.status(failure.status());
        if (failure.retryAfterSeconds() != null) {
            response.header("Retry-After", failure.retryAfterSeconds());
        }
        return encoded(response, status, failure.encoding());
    }

    private static Response encoded(Response.ResponseBuilder response, Message body, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.JSON) {
            try {
                return response.type(encoding.mediaType()).entity(JSON.print(body)).build();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print an OTLP response as JSON", e);
            }
        }
        return response.type(encoding.mediaType()).entity(body.toByteArray()).build();
    }

    private static Code code(int httpStatus) {
        return switch (httpStatus) {
            case 400, 415 -> Code.INVALID_ARGUMENT;
            case 413 -> Code.RESOURCE_EXHAUSTED;
            case 429 -> Code.RESOURCE_EXHAUSTED;
            case 503 -> Code.UNAVAILABLE;
            default -> Code.INTERNAL;
        };
    }
}

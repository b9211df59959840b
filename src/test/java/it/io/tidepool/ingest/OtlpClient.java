package it.io.tidepool.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** A plain OTLP/HTTP client for the receiver's tests: raw bodies, any headers, full answers. */
public final class OtlpClient {

    public static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /** An answer with its raw body. */
    public record Answer(int status, String contentType, String retryAfter, byte[] body) {

        ExportTraceServiceResponse traceResponse() {
            try {
                return ExportTraceServiceResponse.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not an ExportTraceServiceResponse: " + this, e);
            }
        }

        Status rpcStatus() {
            try {
                return Status.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("not a google.rpc.Status: " + this, e);
            }
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + (contentType != null && contentType.contains("json") ? text() : body.length + " bytes");
        }
    }

    private OtlpClient() {
    }

    public static Answer post(URI uri, String contentType, String contentEncoding, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String hex(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return HEX.formatHex(raw);
    }

    public static ByteString id(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }

    public static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    /**
     * {@code spans} server spans of {@code service} that ended {@code shiftNanos} from now (negative:
     * in the past), in one request whose resource carries {@code batch} = {@code batchId}, so a test
     * can count per request what was stored ({@link SecondServer#storedBatches}).
     */
    public static ExportTraceServiceRequest batch(String service, String batchId, int spans, long shiftNanos) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            var span = serverSpan("POST /api/items", 1 + i % 50).addAttributes(attribute("http.request.method", "POST"))
                    .addAttributes(attribute("http.route", "/api/items")).addAttributes(attribute("http.response.status_code", 201));
            scope.addSpans(span.setStartTimeUnixNano(span.getStartTimeUnixNano() + shiftNanos)
                    .setEndTimeUnixNano(span.getEndTimeUnixNano() + shiftNanos));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service)).addAttributes(attribute("batch", batchId)))
                .addScopeSpans(scope)).build();
    }

    /** A SERVER span that ended just now and lasted {@code millis}, with fresh random ids. */
    public static Span.Builder serverSpan(String name, long millis) {
        long end = System.currentTimeMillis() * 1_000_000L;
        return Span.newBuilder().setTraceId(id(hex(16))).setSpanId(id(hex(8))).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(end - millis * 1_000_000L).setEndTimeUnixNano(end);
    }

    /** The load tests' request: {@code spans} POST spans of 1 to 200 ms, ending now, as protobuf. */
    static byte[] loadRequest(String service, int spans) {
        Span.Builder[] load = new Span.Builder[spans];
        for (int i = 0; i < spans; i++) {
            load[i] = serverSpan("POST /api/load", 1 + i % 200).addAttributes(attribute("http.request.method", "POST"))
                    .addAttributes(attribute("http.route", "/api/load")).addAttributes(attribute("http.response.status_code", 200));
        }
        return traces(service, load).toByteArray();
    }

    public static ExportTraceServiceRequest traces(String service, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", service))).addScopeSpans(scope)).build();
    }
}

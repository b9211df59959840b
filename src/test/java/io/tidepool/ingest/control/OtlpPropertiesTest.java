package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import com.google.protobuf.util.JsonFormat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.tidepool.ingest.entity.OtlpEncoding;
import io.tidepool.ingest.entity.Signal;
import io.tidepool.platform.JsonArbitraries;

/**
 * Generated export requests, as {@link OtlpReceiver} handles them before the writer: every body is
 * read, decoded and mapped into rows, or refused as a whole with a 4xx; nothing else escapes.
 */
class OtlpPropertiesTest {

    private static final long LIMIT = 64 * 1024;
    private static final MetricMapping METRICS = new MetricMapping(4096, 0);

    private static void mappedOrRefused(Signal signal, String contentType, String contentEncoding, byte[] body) {
        try {
            OtlpEncoding encoding = OtlpDecoder.encodingOf(signal, contentType);
            byte[] bytes = OtlpBody.read(signal, encoding, new ByteArrayInputStream(body), contentEncoding, LIMIT);
            if (signal == Signal.TRACES) {
                SpanMapping.map(OtlpDecoder.traces(bytes, encoding), 4096);
            } else {
                METRICS.map(OtlpDecoder.metrics(bytes, encoding));
            }
        } catch (OtlpFailure e) {
            assertTrue(e.status() == 400 || e.status() == 413 || e.status() == 415, () -> e.status() + " " + e.getMessage());
        }
    }

    @Property(tries = 1500)
    void randomBytesAreMappedOrRefused(@ForAll byte[] body, @ForAll Signal signal, @ForAll("contentTypes") String type,
            @ForAll("encodings") String encoding) {
        mappedOrRefused(signal, type, encoding, body);
    }

    @Property(tries = 1500)
    void aDamagedValidRequestIsMappedOrRefused(@ForAll Signal signal, @ForAll("damage") Damage damage, @ForAll boolean gzip) {
        byte[] valid = signal == Signal.TRACES ? traces().toByteArray() : metrics().toByteArray();
        byte[] body = damage.apply(valid);
        mappedOrRefused(signal, "application/x-protobuf", gzip ? "gzip" : null, gzip ? gzip(body) : body);
    }

    @Property(tries = 1000)
    void randomJsonIsMappedOrRefused(@ForAll Signal signal, @ForAll("jsonBodies") String json) {
        mappedOrRefused(signal, "application/json", null, json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 4)
    void aGzipBombIsRefusedWith413BeforeItIsInflated(@ForAll Signal signal) {
        byte[] bomb = gzip(new byte[(int) LIMIT * 64]);
        OtlpFailure failure = assertThrows(OtlpFailure.class,
                () -> OtlpBody.read(signal, OtlpEncoding.PROTOBUF, new ByteArrayInputStream(bomb), "gzip", LIMIT));
        assertEquals(413, failure.status());
    }

    /** A change to valid bytes: cut them short, flip one byte, or overwrite a run with a value. */
    record Damage(int kind, int position, int length, byte value) {
        byte[] apply(byte[] valid) {
            int at = Math.min(position, valid.length);
            return switch (kind) {
                case 0 -> Arrays.copyOf(valid, at);
                case 1 -> {
                    byte[] copy = valid.clone();
                    copy[Math.min(at, copy.length - 1)] ^= value;
                    yield copy;
                }
                default -> {
                    byte[] copy = valid.clone();
                    Arrays.fill(copy, at, Math.min(copy.length, at + length), value);
                    yield copy;
                }
            };
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(1, 16), Arbitraries.bytes()).as(Damage::new);
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of("application/x-protobuf", "application/json", "application/protobuf", "text/plain", "",
                "application/json; charset=utf-16", "APPLICATION/X-PROTOBUF").injectNull(0.05);
    }

    @Provide
    Arbitrary<String> encodings() {
        return Arbitraries.of("gzip", "identity", "", "br", "deflate", "x-gzip", " GZIP ").injectNull(0.3);
    }

    @Provide
    Arbitrary<String> jsonBodies() {
        String valid = json(traces());
        return Arbitraries.oneOf(JsonArbitraries.values(3).map(Object::toString),
                JsonArbitraries.objects(java.util.List.of("resourceSpans", "resourceMetrics", "traceId", "spanId", "scopeSpans"), 3)
                        .map(Object::toString),
                Arbitraries.integers().between(0, valid.length()).map(cut -> valid.substring(0, cut)),
                Arbitraries.of(valid.replace("\"SPAN_KIND_SERVER\"", "99"), valid.replace("5b8efff7", "zz"),
                        valid.replace("1800000000123456789", "-1"), valid.replace("1800000000123456789", "1e400"),
                        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"00\",\"spanId\":\"\"}]}]}]}",
                        "{\"resourceSpans\":" + "[".repeat(5_000), "[".repeat(1_500) + "]".repeat(1_500)));
    }

    private static ExportTraceServiceRequest traces() {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(OtlpFixtures.service("payments"))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpFixtures.span()
                        .addAttributes(OtlpFixtures.attribute("http.response.status_code", 200))))).build();
    }

    private static ExportMetricsServiceRequest metrics() {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(OtlpFixtures.service("payments"))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("system.cpu.utilization")
                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(OtlpFixtures.START).setAsDouble(0.5)))))).build();
    }

    private static String json(com.google.protobuf.MessageOrBuilder message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

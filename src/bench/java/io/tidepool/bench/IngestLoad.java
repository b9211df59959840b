package io.tidepool.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * OTLP/HTTP protobuf senders against the running server: spans acknowledged per second, alone and
 * while 20 readers query; and freshness — a span sent, acknowledged, and found by a query.
 */
final class IngestLoad {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI traces;
    private final URI query;

    IngestLoad(int otlpPort, int sdkPort) {
        traces = URI.create("http://127.0.0.1:" + otlpPort + "/v1/traces");
        query = URI.create("http://127.0.0.1:" + sdkPort + "/db/query");
    }

    /** Spans acknowledged per second by {@code senders} closed-loop senders of {@code batch}-span requests. */
    JsonObjectBuilder throughput(int senders, int batch, double seconds, Runnable readerLoad) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> readers = new ArrayList<>();
        if (readerLoad != null) {
            for (int i = 0; i < 20; i++) {
                Thread reader = new Thread(() -> {
                    while (running.get()) {
                        readerLoad.run();
                    }
                });
                reader.start();
                readers.add(reader);
            }
        }
        AtomicLong spans = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<?>> work = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    int status = send(request("bench-ingest", batch)).statusCode();
                    if (status == 200) {
                        spans.addAndGet(batch);
                    } else {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : work) {
            w.get();
        }
        pool.shutdown();
        running.set(false);
        for (Thread reader : readers) {
            reader.join();
        }
        double rate = spans.get() / seconds;
        System.out.printf("ingest %s: %d senders x %d spans: %,.0f spans/s acknowledged, %d requests refused%n",
                readerLoad == null ? "alone" : "with 20 readers", senders, batch, rate, refused.get());
        return Json.createObjectBuilder().add("spans_per_second", rate).add("refused", refused.get())
                .add("senders", senders).add("batch", batch);
    }

    /**
     * Sends one span at a time and measures send → acknowledged and acknowledged → visible to a
     * query, over {@code probes} probes.
     */
    JsonObjectBuilder freshness(int probes) throws Exception {
        long[] acked = new long[probes];
        long[] visible = new long[probes];
        for (int i = 0; i < probes; i++) {
            ExportTraceServiceRequest request = request("bench-freshness", 1);
            String spanId = HEX.formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId().toByteArray());
            long sent = System.nanoTime();
            if (send(request).statusCode() != 200) {
                throw new IllegalStateException("a freshness probe was refused");
            }
            long ack = System.nanoTime();
            String body = "{\"sql\": \"SELECT count(*) AS n FROM otel_spans_local WHERE span_id = $1\", \"params\": [\"" + spanId + "\"]}";
            while (!client.send(HttpRequest.newBuilder(query).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().contains("\"n\":1")) {
                Thread.onSpinWait();
            }
            long seen = System.nanoTime();
            acked[i] = ack - sent;
            visible[i] = seen - sent;
            Thread.sleep(20);
        }
        Stats ackStats = Stats.of(acked, probes, 1, 0);
        Stats visibleStats = Stats.of(visible, probes, 1, 0);
        System.out.printf("freshness over %d probes: send->ack p50 %.1f ms p99 %.1f ms; send->visible p50 %.1f ms p99 %.1f ms%n",
                probes, ackStats.p50Millis(), ackStats.p99Millis(), visibleStats.p50Millis(), visibleStats.p99Millis());
        return Json.createObjectBuilder().add("probes", probes)
                .add("ack_p50_ms", ackStats.p50Millis()).add("ack_p99_ms", ackStats.p99Millis())
                .add("visible_p50_ms", visibleStats.p50Millis()).add("visible_p99_ms", visibleStats.p99Millis());
    }

    private HttpResponse<byte[]> send(ExportTraceServiceRequest request) throws Exception {
        return client.send(HttpRequest.newBuilder(traces).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code spans} realistic SERVER spans (HTTP attributes, a status) of one service that ended just now. */
    static ExportTraceServiceRequest request(String service, int spans) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            long duration = 1_000_000L + RANDOM.nextInt(200_000_000);
            scope.addSpans(Span.newBuilder()
                    .setTraceId(id(16)).setSpanId(id(8)).setName("GET /api/items/{sku}")
                    .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                    .setStartTimeUnixNano(now - duration).setEndTimeUnixNano(now)
                    .addAttributes(text("http.request.method", "GET"))
                    .addAttributes(text("http.route", "/api/items/{sku}"))
                    .addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                            .setValue(AnyValue.newBuilder().setIntValue(200)))
                    .addAttributes(text("url.scheme", "http")));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", service))
                        .addAttributes(text("host.name", "bench-host")))
                .addScopeSpans(scope)).build();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString id(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return ByteString.copyFrom(raw);
    }
}

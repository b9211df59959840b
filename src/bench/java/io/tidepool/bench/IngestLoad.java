package io.tidepool.bench;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
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
 * OTLP/HTTP protobuf senders against the running server, each on its own keep-alive connection
 * with requests written in one piece: closed-loop senders whose acknowledged spans are counted in a
 * measured window, and freshness probes — a span sent, acknowledged, and found by a query.
 * {@link MixedLoad} runs them beside readers.
 */
final class IngestLoad {

    private static final HexFormat HEX = HexFormat.of();

    private final int otlpPort;
    private final int sdkPort;

    IngestLoad(int otlpPort, int sdkPort) {
        this.otlpPort = otlpPort;
        this.sdkPort = sdkPort;
    }

    /** Senders running until {@link #stop()}; spans acknowledged between {@code from} and {@code to} (nanoTime) count. */
    final class Senders {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong spans = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();
        private final long from;
        private final long to;

        private Senders(int senders, int batch, long from, long to) {
            this.from = from;
            this.to = to;
            for (int s = 0; s < senders; s++) {
                Thread sender = new Thread(() -> {
                    try (KeepAliveConnection otlp = new KeepAliveConnection(otlpPort)) {
                        while (running.get()) {
                            int status = otlp.send(traces(request("bench-ingest", batch))).status();
                            long acknowledged = System.nanoTime();
                            if (status != 200) {
                                refused.incrementAndGet();
                            } else if (acknowledged >= this.from && acknowledged <= this.to) {
                                spans.addAndGet(batch);
                            }
                        }
                    } catch (Exception e) {
                        System.out.println("an ingest sender stopped: " + e);
                    }
                }, "bench-sender-" + s);
                sender.start();
                threads.add(sender);
            }
        }

        /** Stops the senders; spans acknowledged per second of the window. */
        double stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            return spans.get() / ((to - from) / 1e9);
        }

        long refused() {
            return refused.get();
        }
    }

    Senders start(int senders, int batch, long from, long to) {
        return new Senders(senders, batch, from, to);
    }

    /** Freshness probes, one after another until stopped: send → visible of those sent inside the window. */
    final class Probes {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> visible = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;

        private Probes(long from, long to) {
            thread = new Thread(() -> {
                try (KeepAliveConnection otlp = new KeepAliveConnection(otlpPort);
                        KeepAliveConnection sdk = new KeepAliveConnection(sdkPort)) {
                    while (running.get()) {
                        long[] probe = probe(otlp, sdk);
                        if (probe[0] >= from && probe[0] <= to) {
                            visible.add(probe[2]);
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    System.out.println("freshness probes stopped: " + e);
                }
            }, "bench-freshness");
            thread.start();
        }

        /** Stops the probes; the send → visible latencies (nanoseconds) of those in the window. */
        long[] stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return visible.stream().mapToLong(Long::longValue).toArray();
        }
    }

    Probes probes(long from, long to) {
        return new Probes(from, to);
    }

    /** Sends {@code probes} one-span probes on an idle server: send → acknowledged and send → visible. */
    JsonObjectBuilder freshness(int probes) throws Exception {
        long[] acked = new long[probes];
        long[] visible = new long[probes];
        try (KeepAliveConnection otlp = new KeepAliveConnection(otlpPort); KeepAliveConnection sdk = new KeepAliveConnection(sdkPort)) {
            for (int i = 0; i < probes; i++) {
                long[] probe = probe(otlp, sdk);
                acked[i] = probe[1];
                visible[i] = probe[2];
                Thread.sleep(20);
            }
        }
        Stats ackStats = Stats.of(acked, probes, 1, 0);
        Stats visibleStats = Stats.of(visible, probes, 1, 0);
        System.out.printf("freshness over %d probes: send->ack p50 %.1f ms p99 %.1f ms; send->visible p50 %.1f ms p99 %.1f ms%n",
                probes, ackStats.p50Millis(), ackStats.p99Millis(), visibleStats.p50Millis(), visibleStats.p99Millis());
        return Json.createObjectBuilder().add("probes", probes)
                .add("ack_p50_ms", ackStats.p50Millis()).add("ack_p99_ms", ackStats.p99Millis())
                .add("visible_p50_ms", visibleStats.p50Millis()).add("visible_p99_ms", visibleStats.p99Millis());
    }

    /** One span sent and looked for until a query finds it: {sent at, send → ack, send → visible} in nanoseconds. */
    private long[] probe(KeepAliveConnection otlp, KeepAliveConnection sdk) throws Exception {
        ExportTraceServiceRequest request = request("bench-freshness", 1);
        String spanId = HEX.formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getSpanId().toByteArray());
        RawRequest lookup = RawRequest.postJson(sdkPort, "/db/query",
                "{\"sql\": \"SELECT count(*) AS n FROM otel_spans_local WHERE span_id = $1\", \"params\": [\"" + spanId + "\"]}");
        long sent = System.nanoTime();
        int status = otlp.send(traces(request)).status();
        if (status != 200) {
            throw new IllegalStateException("a freshness probe was refused: " + status);
        }
        long ack = System.nanoTime();
        while (!sdk.send(lookup).text().contains("\"n\":1")) {
            if (System.nanoTime() - ack > 60_000_000_000L) {
                throw new IllegalStateException("an acknowledged span was not visible after 60 s: " + spanId);
            }
        }
        return new long[] {sent, ack - sent, System.nanoTime() - sent};
    }

    private RawRequest traces(ExportTraceServiceRequest request) {
        return RawRequest.post(otlpPort, "/v1/traces", "application/x-protobuf", request.toByteArray());
    }

    /** {@code spans} realistic SERVER spans (HTTP attributes, a status) of one service that ended just now. */
    static ExportTraceServiceRequest request(String service, int spans) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < spans; i++) {
            long duration = 1_000_000L + ThreadLocalRandom.current().nextInt(200_000_000);
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
        // Random enough to be unique, and cheap: the senders share the cores with the server.
        ThreadLocalRandom.current().nextBytes(raw);
        return ByteString.copyFrom(raw);
    }
}

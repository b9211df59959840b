package io.tidepool.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The load client, in its own JVM: every query class through {@code POST /db/query} and every
 * helper endpoint, by 1 and 20 concurrent keep-alive clients; then time to first byte of a large
 * result, the row-capped range query, and the server's heap while it streams 10,000-row answers.
 */
public final class HttpLoad {

    static final List<String> HELPERS = List.of(
            "/metrics/percentile?service=payments&metric=duration&p=0.99&window=2h",
            "/metrics/error-rate?service=checkout&window=2h",
            "/traces/query?service=shipping&minDuration=500ms&timeRange=2h&limit=100",
            "/system/cpu",
            "/system/memory",
            "/health");

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String sdk;
    private final String management;

    private HttpLoad(String sdk, String management) {
        this.sdk = sdk;
        this.management = management;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        HttpLoad load = new HttpLoad("http://127.0.0.1:" + args[1], "http://127.0.0.1:" + args[2]);
        Path out = Path.of(args[3]);
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Instant end = Instant.parse(Json.createReader(Files.newBufferedReader(dataDir.resolve("dataset.json")))
                .readObject().getString("end"));
        JsonObjectBuilder results = Json.createObjectBuilder();
        for (QueryClass query : QueryClass.all(end)) {
            HttpRequest request = load.query(query.requestBody());
            results.add(query.name(), load.measure(settings, "HTTP " + query.name(), request));
        }
        JsonObjectBuilder helpers = Json.createObjectBuilder();
        for (String path : HELPERS) {
            helpers.add(path, load.measure(settings, "HTTP " + path, HttpRequest.newBuilder(URI.create(load.sdk + path)).GET().build()));
        }
        results.add("helpers", helpers);
        results.add("first_byte", load.firstByte("SELECT * FROM otel_spans_local LIMIT 10000"));
        results.add("range_capped", load.rangeCapped());
        results.add("heap", load.heapWhileStreaming(settings));
        // Last: the spans it writes land after the dataset's end and would change the query classes.
        IngestLoad ingest = new IngestLoad(Integer.parseInt(args[4]), Integer.parseInt(args[1]));
        HttpRequest readerQuery = load.query(QueryClass.all(end).get(3).requestBody());
        double seconds = Math.max(5, settings.measureSeconds() * 2);
        results.add("ingest_alone", ingest.throughput(4, 1000, seconds, null));
        results.add("ingest_with_readers", ingest.throughput(4, 1000, seconds, () -> load.sendQuietly(readerQuery)));
        results.add("freshness", ingest.freshness(100));
        Files.writeString(out, results.build().toString());
    }

    private HttpRequest query(String body) {
        return HttpRequest.newBuilder(URI.create(sdk + "/db/query")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private JsonObjectBuilder measure(BenchSettings settings, String label, HttpRequest request) throws Exception {
        JsonObjectBuilder byConcurrency = Json.createObjectBuilder();
        for (int workers : settings.concurrencies()) {
            List<Stats> rounds = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                rounds.add(ClosedLoop.run(workers, settings.warmupSeconds(), settings.measureSeconds(), worker -> send(request)));
            }
            Stats median = Stats.median(rounds);
            byConcurrency.add(Integer.toString(workers), median.json());
            System.out.printf("%-60s %2d clients: p50 %8.2f ms  p99 %8.2f ms  %8.1f req/s  %d errors%n", label, workers,
                    median.p50Millis(), median.p99Millis(), median.throughput(), median.errors());
        }
        return byConcurrency;
    }

    private void sendQuietly(HttpRequest request) {
        try {
            send(request);
        } catch (Exception e) {
            // A reader's failure is not what the ingest measurement is about.
        }
    }

    private void send(HttpRequest request) throws Exception {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + new String(response.body()));
        }
    }

    /** Median time to the first body byte and to the last, over ten runs, for a 10,000-row answer. */
    private JsonObjectBuilder firstByte(String sql) throws Exception {
        HttpRequest request = query(Json.createObjectBuilder().add("sql", sql).build().toString());
        long[] first = new long[10];
        long[] total = new long[10];
        long bytes = 0;
        for (int i = 0; i < 10; i++) {
            long started = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                body.read();
                first[i] = System.nanoTime() - started;
                bytes = 1 + body.transferTo(java.io.OutputStream.nullOutputStream());
                total[i] = System.nanoTime() - started;
            }
        }
        Arrays.sort(first);
        Arrays.sort(total);
        System.out.printf("10,000 rows (%,d bytes): first byte %.1f ms, complete %.1f ms (medians)%n", bytes, first[5] / 1e6, total[5] / 1e6);
        return Json.createObjectBuilder().add("bytes", bytes).add("first_byte_ms", first[5] / 1e6).add("total_ms", total[5] / 1e6);
    }

    private JsonObjectBuilder rangeCapped() throws Exception {
        HttpRequest request = query("{\"sql\": \"SELECT * FROM range(100000000)\"}");
        long[] times = new long[10];
        for (int i = 0; i < times.length; i++) {
            long started = System.nanoTime();
            send(request);
            times[i] = System.nanoTime() - started;
        }
        Arrays.sort(times);
        System.out.printf("SELECT * FROM range(100000000) capped at 10,000 rows: %.1f ms (median)%n", times[5] / 1e6);
        return Json.createObjectBuilder().add("median_ms", times[5] / 1e6);
    }

    /**
     * The server's used heap (MP Metrics base scope, sampled every 50 ms): idle, then while 20
     * clients stream 100-row answers, then while they stream 10,000-row answers. If answers were
     * held in memory, the 10,000-row load would need about 100 times the 100-row load's extra heap.
     */
    private JsonObjectBuilder heapWhileStreaming(BenchSettings settings) throws Exception {
        JsonObjectBuilder heap = Json.createObjectBuilder();
        heap.add("idle", sampleHeap(null, settings));
        heap.add("rows_100", sampleHeap(query("{\"sql\": \"SELECT * FROM otel_spans_local LIMIT 100\"}"), settings));
        heap.add("rows_10000", sampleHeap(query("{\"sql\": \"SELECT * FROM otel_spans_local LIMIT 10000\"}"), settings));
        return heap;
    }

    private JsonObjectBuilder sampleHeap(HttpRequest load, BenchSettings settings) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> samples = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                try {
                    samples.add(usedHeap());
                    Thread.sleep(50);
                } catch (Exception e) {
                    return;
                }
            }
        });
        sampler.start();
        double seconds = Math.max(3, settings.measureSeconds() * 2);
        long bytesPerAnswer = 0;
        if (load == null) {
            Thread.sleep((long) (seconds * 1000));
        } else {
            ClosedLoop.run(20, 1, seconds, worker -> send(load));
            bytesPerAnswer = client.send(load, HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        running.set(false);
        sampler.join();
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        // The lowest samples come right after collections: close to what is really held.
        double minMb = sorted[0] / 1048576.0;
        double medianMb = sorted[sorted.length / 2] / 1048576.0;
        double maxMb = sorted[sorted.length - 1] / 1048576.0;
        System.out.printf("heap %s: min %.0f MB, median %.0f MB, max %.0f MB (answers of %,d bytes)%n",
                load == null ? "idle" : "under load", minMb, medianMb, maxMb, bytesPerAnswer);
        return Json.createObjectBuilder().add("min_mb", minMb).add("median_mb", medianMb).add("max_mb", maxMb)
                .add("answer_bytes", bytesPerAnswer);
    }

    private long usedHeap() throws Exception {
        String text = client.send(HttpRequest.newBuilder(URI.create(management + "/metrics?scope=base")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith("memory_usedHeap_bytes")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("memory_usedHeap_bytes is not in the base metrics");
    }
}

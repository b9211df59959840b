package io.tidepool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The load client, in its own JVM. Every request is written in one piece on a keep-alive socket
 * with TCP_NODELAY ({@link KeepAliveConnection}), so what it measures is Tidepool. In order: the
 * cold start (the SDK through Deno, first seconds after ready), the SDK through Deno warm, every
 * query class through {@code POST /db/query} and every helper endpoint by 1 and 20 clients, server
 * CPU per request, what failing queries cost and say, streaming and heap, light requests beside 20
 * full scans, and last (its spans grow the table) ingest beside readers.
 */
public final class HttpLoad {

    static final List<String> HELPERS = List.of(
            "/metrics/percentile?service=payments&metric=duration&p=0.99&window=2h",
            "/metrics/error-rate?service=checkout&window=2h",
            "/traces/query?service=shipping&minDuration=500ms&timeRange=2h&limit=100",
            "/system/cpu",
            "/system/memory",
            "/health");

    /** The light requests of issue 10: a cached helper and {@code SELECT 1}. */
    static final String CACHED_HELPER = "/system/cpu";

    static final String LIGHT_SELECT_1 = "SELECT 1";

    private final int sdkPort;
    private final int managementPort;
    private final BenchSettings settings;

    private HttpLoad(int sdkPort, int managementPort, BenchSettings settings) {
        this.sdkPort = sdkPort;
        this.managementPort = managementPort;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int sdkPort = Integer.parseInt(args[1]);
        int managementPort = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        int otlpPort = Integer.parseInt(args[4]);
        DenoSdkLoad deno = new DenoSdkLoad(Path.of(args[5]), Path.of(args[6]), dataDir.resolve("deno-dir"), sdkPort);
        ServerCpu cpu = ServerCpu.of(Path.of(args[7]));
        BenchSettings settings = BenchSettings.fromSystemProperties();
        HttpLoad load = new HttpLoad(sdkPort, managementPort, settings);
        Instant end = Instant.parse(Json.createReader(Files.newBufferedReader(dataDir.resolve("dataset.json")))
                .readObject().getString("end"));
        JsonObjectBuilder results = Json.createObjectBuilder();
        // First, while the server is as fresh as it will ever be: the cold-start row.
        results.add("deno_cold", deno.cold(settings.coldSeconds()));
        results.add("deno_warm", deno.warm(settings));
        JsonObjectBuilder classes = Json.createObjectBuilder();
        for (QueryClass query : QueryClass.all(end)) {
            classes.add(query.name(), load.measure("HTTP " + query.name(), load.query(query.requestBody())));
        }
        results.add("classes", classes);
        JsonObjectBuilder helpers = Json.createObjectBuilder();
        for (String path : HELPERS) {
            helpers.add(path, load.measure("HTTP " + path, RawRequest.get(sdkPort, path)));
        }
        results.add("helpers", helpers);
        results.add("cpu_per_request", load.cpuPerRequest(cpu));
        FailureChecks failures = new FailureChecks(sdkPort, managementPort);
        results.add("pool_churn", failures.poolChurn(settings.failingQueries()));
        results.add("duckdb_messages", failures.duckdbMessages());
        results.add("first_byte", load.firstByte("SELECT * FROM otel_spans_local LIMIT 10000"));
        results.add("range_capped", load.rangeCapped());
        results.add("heap", load.heapWhileStreaming());
        List<QueryClass> queries = QueryClass.all(end);
        MixedLoad mixed = new MixedLoad(new IngestLoad(otlpPort, sdkPort), sdkPort, settings);
        List<RawRequest> light = List.of(RawRequest.get(sdkPort, CACHED_HELPER),
                load.query(QueryClass.named(queries, QueryClass.TRIVIAL).requestBody()).labelled(LIGHT_SELECT_1));
        results.add("light_beside_full_scans", mixed.lightBesideHeavy(load.query(QueryClass.named(queries, QueryClass.FULL_SCAN).requestBody()), light));
        // Last: the spans it writes land after the dataset's end and would change the query classes.
        results.add("freshness_idle", new IngestLoad(otlpPort, sdkPort).freshness(100));
        long spansBefore = load.spans();
        Map<String, RawRequest> readers = new LinkedHashMap<>();
        for (String name : List.of(QueryClass.P99, QueryClass.COUNT_AVG)) {
            readers.put(name, load.query(QueryClass.named(queries, name).requestBody()));
        }
        results.add("readers_and_writer", mixed.readersAndWriter(readers).add("spans_before", spansBefore).add("spans_after", load.spans()));
        Files.writeString(out, results.build().toString());
    }

    private RawRequest query(String body) {
        return RawRequest.postJson(sdkPort, "/db/query", body);
    }

    /** The spans in the table now (the mixed loads grow it; the report says by how much). */
    private long spans() throws Exception {
        try (KeepAliveConnection connection = new KeepAliveConnection(sdkPort)) {
            String text = connection.ok(query("{\"sql\": \"SELECT count(*) AS n FROM otel_spans_local\"}")).text();
            return Json.createReader(new java.io.StringReader(text)).readObject().getJsonArray("rows").getJsonObject(0)
                    .getJsonNumber("n").longValue();
        }
    }

    /** By 1 and 20 clients: warmed by the rule at 1 client (the JIT compiles a path once), then the rounds. */
    private JsonObjectBuilder measure(String label, RawRequest request) throws Exception {
        JsonObjectBuilder byConcurrency = Json.createObjectBuilder();
        try (WorkerConnections connections = new WorkerConnections(sdkPort, 20)) {
            ClosedLoop.Request send = worker -> connections.ok(worker, request);
            byConcurrency.add("warmup", SteadyWarmUp.run(label, 1, settings, send).json());
            for (int workers : settings.concurrencies()) {
                List<Stats> rounds = new ArrayList<>();
                for (int round = 0; round < settings.rounds(); round++) {
                    rounds.add(ClosedLoop.run(workers, settings.warmupSeconds(), settings.measureSeconds(), send));
                }
                Stats median = Stats.median(rounds);
                byConcurrency.add(Integer.toString(workers), median.json());
                System.out.printf("%-60s %2d clients: p50 %8.2f ms  p99 %8.2f ms  %8.1f req/s  %d errors%n", label, workers,
                        median.p50Millis(), median.p99Millis(), median.throughput(), median.errors());
            }
        }
        return byConcurrency;
    }

    /** Server CPU per request, median of the rounds, for {@code SELECT 1} and a cached helper (the reference). */
    private JsonObjectBuilder cpuPerRequest(ServerCpu cpu) throws Exception {
        JsonObjectBuilder result = Json.createObjectBuilder().add("requests", settings.cpuRequests()).add("pid", cpu.pid());
        Map<String, RawRequest> requests = new LinkedHashMap<>();
        requests.put("select1", query("{\"sql\": \"SELECT 1 AS one\"}"));
        requests.put("helper", RawRequest.get(sdkPort, CACHED_HELPER));
        Map<String, List<Double>> rounds = new LinkedHashMap<>();
        try (KeepAliveConnection connection = new KeepAliveConnection(sdkPort)) {
            for (int round = 0; round < settings.rounds(); round++) {
                for (Map.Entry<String, RawRequest> request : requests.entrySet()) {
                    rounds.computeIfAbsent(request.getKey(), k -> new ArrayList<>())
                            .add(cpu.millisPerRequest(connection, request.getValue(), settings.cpuRequests()));
                }
            }
        }
        for (Map.Entry<String, List<Double>> each : rounds.entrySet()) {
            double median = each.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray()[each.getValue().size() / 2];
            result.add(each.getKey() + "_ms", median);
            System.out.printf("server CPU per request, %s: %.3f ms (median of %s)%n", each.getKey(), median, each.getValue());
        }
        return result;
    }

    /** Median time to the first body byte and to the last, over ten runs, for a 10,000-row answer. */
    private JsonObjectBuilder firstByte(String sql) throws Exception {
        RawRequest request = query(Json.createObjectBuilder().add("sql", sql).build().toString());
        long[] first = new long[10];
        long[] total = new long[10];
        long bytes = 0;
        try (KeepAliveConnection connection = new KeepAliveConnection(sdkPort)) {
            connection.ok(request);
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                KeepAliveConnection.Response response = connection.ok(request);
                total[i] = System.nanoTime() - started;
                first[i] = response.firstByteNanos() - started;
                bytes = response.body().length;
            }
        }
        Arrays.sort(first);
        Arrays.sort(total);
        System.out.printf("10,000 rows (%,d bytes): first byte %.1f ms, complete %.1f ms (medians)%n", bytes, first[5] / 1e6, total[5] / 1e6);
        return Json.createObjectBuilder().add("bytes", bytes).add("first_byte_ms", first[5] / 1e6).add("total_ms", total[5] / 1e6);
    }

    private JsonObjectBuilder rangeCapped() throws Exception {
        RawRequest request = query("{\"sql\": \"SELECT * FROM range(100000000)\"}");
        long[] times = new long[10];
        try (KeepAliveConnection connection = new KeepAliveConnection(sdkPort)) {
            for (int i = 0; i < times.length; i++) {
                long started = System.nanoTime();
                connection.ok(request);
                times[i] = System.nanoTime() - started;
            }
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
    private JsonObjectBuilder heapWhileStreaming() throws Exception {
        JsonObjectBuilder heap = Json.createObjectBuilder();
        heap.add("idle", sampleHeap(null));
        heap.add("rows_100", sampleHeap(query("{\"sql\": \"SELECT * FROM otel_spans_local LIMIT 100\"}")));
        heap.add("rows_10000", sampleHeap(query("{\"sql\": \"SELECT * FROM otel_spans_local LIMIT 10000\"}")));
        return heap;
    }

    private JsonObjectBuilder sampleHeap(RawRequest load) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Long> samples = new ArrayList<>();
        Thread sampler = new Thread(() -> {
            try (KeepAliveConnection management = new KeepAliveConnection(managementPort)) {
                while (running.get()) {
                    samples.add(usedHeap(management));
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                System.out.println("heap sampling stopped: " + e);
            }
        });
        sampler.start();
        double seconds = Math.max(3, settings.measureSeconds() * 2);
        long bytesPerAnswer = 0;
        if (load == null) {
            Thread.sleep((long) (seconds * 1000));
        } else {
            try (WorkerConnections connections = new WorkerConnections(sdkPort, 20)) {
                ClosedLoop.run(20, 1, seconds, worker -> connections.ok(worker, load));
                bytesPerAnswer = connections.ok(0, load).body().length;
            }
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

    private long usedHeap(KeepAliveConnection management) throws Exception {
        String text = management.ok(RawRequest.getMetrics(managementPort, "/metrics?scope=base")).text();
        for (String line : text.split("\n")) {
            if (line.startsWith("memory_usedHeap_bytes")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("memory_usedHeap_bytes is not in the base metrics");
    }
}

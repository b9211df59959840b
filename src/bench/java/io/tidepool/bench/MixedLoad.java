package io.tidepool.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * Issue 10's measurements: readers and the writer on the same cores. Each phase runs for the same
 * window some of: 20 closed-loop readers of one query class, 4 OTLP senders of 1,000-span requests,
 * one client of light requests, freshness probes. Rounds alternate the order of the phases with
 * and without ingest, because every ingest phase grows the table the readers scan: a ratio is taken
 * within a round from adjacent phases, and the report gives the median ratio.
 */
final class MixedLoad {

    static final int READERS = 20;
    static final int SENDERS = 4;
    static final int BATCH = 1_000;

    private final IngestLoad ingest;
    private final int sdkPort;
    private final BenchSettings settings;

    MixedLoad(IngestLoad ingest, int sdkPort, BenchSettings settings) {
        this.ingest = ingest;
        this.sdkPort = sdkPort;
        this.settings = settings;
    }

    /** What one phase measured; absent parts are null (or NaN for the ingest rate). */
    record Phase(Stats readers, double spansPerSecond, long refused, Map<String, Stats> light, long[] freshnessNanos) {
    }

    /**
     * One phase: {@code readerQuery} by 20 clients (or none), ingest at full speed or not, one
     * client alternating the {@code light} requests (or none), freshness probes or not; one second
     * of warm-up, then {@code seconds} measured.
     */
    Phase run(RawRequest readerQuery, boolean withIngest, List<RawRequest> light, boolean freshness, double seconds) throws Exception {
        long from = System.nanoTime() + 1_000_000_000L;
        long to = from + (long) (seconds * 1e9);
        IngestLoad.Senders senders = withIngest ? ingest.start(SENDERS, BATCH, from, to) : null;
        IngestLoad.Probes probes = freshness ? ingest.probes(from, to) : null;
        LightClient lightClient = light.isEmpty() ? null : new LightClient(light, from, to);
        Stats readers = null;
        if (readerQuery != null) {
            try (WorkerConnections connections = new WorkerConnections(sdkPort, READERS)) {
                readers = ClosedLoop.run(READERS, 1, seconds, worker -> connections.ok(worker, readerQuery));
            }
        } else {
            Thread.sleep(Math.max(0, (to - System.nanoTime()) / 1_000_000));
        }
        double rate = senders == null ? Double.NaN : senders.stop();
        long refused = senders == null ? 0 : senders.refused();
        return new Phase(readers, rate, refused, lightClient == null ? null : lightClient.stop(),
                probes == null ? null : probes.stop());
    }

    /** Ingest alone and beside 20 readers of each class, readers with and without ingest, freshness under both. */
    JsonObjectBuilder readersAndWriter(Map<String, RawRequest> readerClasses) throws Exception {
        double seconds = Math.max(3, settings.measureSeconds());
        List<Double> alone = new ArrayList<>();
        Map<String, List<Double>> ingestRatios = new HashMap<>();
        Map<String, List<Double>> readerRatios = new HashMap<>();
        Map<String, List<Stats>> readersAlone = new HashMap<>();
        Map<String, List<Stats>> readersWith = new HashMap<>();
        Map<String, List<Double>> ingestWith = new HashMap<>();
        List<long[]> freshness = new ArrayList<>();
        long refused = 0;
        // The senders' own warm-up (JIT of encoding, connections), not recorded.
        run(null, true, List.of(), false, seconds);
        for (int round = 0; round < settings.rounds(); round++) {
            Phase ingestAlone = run(null, true, List.of(), false, seconds);
            alone.add(ingestAlone.spansPerSecond());
            refused += ingestAlone.refused();
            List<String> names = new ArrayList<>(readerClasses.keySet());
            for (String name : names) {
                boolean ingestFirst = round % 2 == 1;
                Phase first = run(readerClasses.get(name), ingestFirst, List.of(), ingestFirst, seconds);
                Phase second = run(readerClasses.get(name), !ingestFirst, List.of(), !ingestFirst, seconds);
                Phase without = ingestFirst ? second : first;
                Phase with = ingestFirst ? first : second;
                refused += with.refused();
                freshness.add(with.freshnessNanos());
                readersAlone.computeIfAbsent(name, n -> new ArrayList<>()).add(without.readers());
                readersWith.computeIfAbsent(name, n -> new ArrayList<>()).add(with.readers());
                ingestWith.computeIfAbsent(name, n -> new ArrayList<>()).add(with.spansPerSecond());
                ingestRatios.computeIfAbsent(name, n -> new ArrayList<>()).add(with.spansPerSecond() / ingestAlone.spansPerSecond());
                readerRatios.computeIfAbsent(name, n -> new ArrayList<>()).add(with.readers().throughput() / without.readers().throughput());
                System.out.printf(Locale.ROOT, "round %d, %s: readers %.1f q/s alone, %.1f q/s with ingest; ingest %,.0f spans/s alone, %,.0f with readers%n",
                        round + 1, name, without.readers().throughput(), with.readers().throughput(), ingestAlone.spansPerSecond(),
                        with.spansPerSecond());
            }
        }
        JsonObjectBuilder classes = Json.createObjectBuilder();
        for (String name : readerClasses.keySet()) {
            classes.add(name, Json.createObjectBuilder()
                    .add("readers_alone", Stats.median(readersAlone.get(name)).json())
                    .add("readers_with_ingest", Stats.median(readersWith.get(name)).json())
                    .add("reader_ratio", median(readerRatios.get(name)))
                    .add("ingest_with_readers", median(ingestWith.get(name)))
                    .add("ingest_ratio", median(ingestRatios.get(name))));
        }
        long[] probes = freshness.stream().flatMapToLong(Arrays::stream).toArray();
        Stats fresh = Stats.of(probes, probes.length, 1, 0);
        System.out.printf(Locale.ROOT, "ingest alone %,.0f spans/s; freshness under ingest + readers: p50 %.1f ms p99 %.1f ms over %d probes%n",
                median(alone), fresh.p50Millis(), fresh.p99Millis(), probes.length);
        return Json.createObjectBuilder().add("seconds", seconds).add("ingest_alone", median(alone)).add("refused", refused)
                .add("classes", classes)
                .add("freshness", Json.createObjectBuilder().add("probes", probes.length)
                        .add("p50_ms", fresh.p50Millis()).add("p99_ms", fresh.p99Millis()));
    }

    /** One client's light requests while 20 clients run {@code heavy}: the head-of-line check. */
    JsonObjectBuilder lightBesideHeavy(RawRequest heavy, List<RawRequest> light) throws Exception {
        double seconds = Math.max(3, settings.measureSeconds() * 2);
        Map<String, List<Stats>> rounds = new HashMap<>();
        List<Stats> heavyRounds = new ArrayList<>();
        for (int round = 0; round < settings.rounds(); round++) {
            Phase phase = run(heavy, false, light, false, seconds);
            heavyRounds.add(phase.readers());
            phase.light().forEach((label, stats) -> rounds.computeIfAbsent(label, l -> new ArrayList<>()).add(stats));
        }
        JsonObjectBuilder result = Json.createObjectBuilder().add("seconds", seconds).add("heavy", Stats.median(heavyRounds).json());
        JsonObjectBuilder lightJson = Json.createObjectBuilder();
        for (RawRequest request : light) {
            Stats median = Stats.median(rounds.get(request.label()));
            lightJson.add(request.label(), median.json());
            System.out.printf(Locale.ROOT, "light %s beside 20 heavy clients: p50 %.2f ms p99 %.2f ms (%d requests)%n",
                    request.label(), median.p50Millis(), median.p99Millis(), median.requests());
        }
        return result.add("light", lightJson);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    /** One client sending its requests in turn; latencies of those started inside the window, per request. */
    private final class LightClient {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, long[]> latencies = new HashMap<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private final Map<String, Long> errors = new HashMap<>();
        private final Thread thread;
        private final long from;
        private final long to;

        LightClient(List<RawRequest> requests, long from, long to) {
            this.from = from;
            this.to = to;
            for (RawRequest request : requests) {
                latencies.put(request.label(), new long[1 << 14]);
                counts.put(request.label(), 0);
                errors.put(request.label(), 0L);
            }
            thread = new Thread(() -> {
                try (KeepAliveConnection connection = new KeepAliveConnection(sdkPort)) {
                    for (int i = 0; running.get(); i++) {
                        RawRequest request = requests.get(i % requests.size());
                        long started = System.nanoTime();
                        boolean ok;
                        try {
                            ok = connection.send(request).status() == 200;
                        } catch (java.io.IOException e) {
                            ok = false;
                        }
                        if (started >= this.from && started <= this.to) {
                            record(request.label(), ok, System.nanoTime() - started);
                        }
                    }
                }
            }, "bench-light");
            thread.start();
        }

        private void record(String label, boolean ok, long nanos) {
            if (!ok) {
                errors.merge(label, 1L, Long::sum);
                return;
            }
            int n = counts.get(label);
            long[] values = latencies.get(label);
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
                latencies.put(label, values);
            }
            values[n] = nanos;
            counts.put(label, n + 1);
        }

        Map<String, Stats> stop() throws InterruptedException {
            running.set(false);
            thread.join();
            Map<String, Stats> stats = new HashMap<>();
            for (String label : latencies.keySet()) {
                stats.put(label, Stats.of(latencies.get(label), counts.get(label), (to - from) / 1e9, errors.get(label)));
            }
            return stats;
        }
    }
}

package io.tidepool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import jakarta.json.JsonObject;

/**
 * Writes the measured tables into docs/benchmarks.md between the results markers, leaving the
 * hand-written analysis and tuning log around them untouched.
 */
public final class BenchReport {

    static final String START = "<!-- results:start -->";
    static final String END = "<!-- results:end -->";

    private BenchReport() {
    }

    public static void main(String[] args) throws Exception {
        JsonObject floor = JdbcFloor.read(Path.of(args[0]));
        JsonObject http = JdbcFloor.read(Path.of(args[1]));
        JsonObject dataset = JdbcFloor.read(Path.of(args[2]));
        Path document = Path.of(args[3]);
        String libertyVersion = args[4];
        StringBuilder md = new StringBuilder();
        md.append(START).append("\n\n");
        md.append("Measured ").append(LocalDate.now()).append(" on ").append(machine()).append("; Java ")
                .append(System.getProperty("java.version")).append(", DuckDB ").append(floor.getString("duckdb_version"))
                .append(", Open Liberty ").append(libertyVersion).append(". Dataset: ")
                .append(String.format(Locale.ROOT, "%,d", dataset.getInt("spans"))).append(" spans over one hour. ")
                .append("Each figure is the median of ").append(BenchSettings.fromSystemProperties().rounds())
                .append(" runs; the load client shares the machine's cores with the server.\n\n");
        md.append("### Query classes: in-JVM JDBC (floor) vs HTTP\n\n");
        md.append("| query | seed | JDBC 1 thread p50 / p99 | HTTP 1 client p50 / p99 | HTTP − JDBC p50 | JDBC 20 threads | HTTP 20 clients | HTTP / JDBC | seed / HTTP p50 |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String name : floor.keySet()) {
            if (name.equals("duckdb_version")) {
                continue;
            }
            Stats j1 = stats(floor, name, "1");
            Stats j20 = stats(floor, name, "20");
            Stats h1 = stats(http, name, "1");
            Stats h20 = stats(http, name, "20");
            QueryClass query = QueryClass.all(java.time.Instant.EPOCH).stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f / %.2f ms | %.2f / %.2f ms | %+.2f ms | %.0f q/s | %.0f req/s | %.2f | %s |\n",
                    name, query.seedFigure(), j1.p50Millis(), j1.p99Millis(), h1.p50Millis(), h1.p99Millis(),
                    h1.p50Millis() - j1.p50Millis(), j20.throughput(), h20.throughput(), h20.throughput() / j20.throughput(),
                    Double.isNaN(query.seedMillis()) ? "" : String.format(Locale.ROOT, "%.0f×", query.seedMillis() / h1.p50Millis())));
        }
        md.append("\n### Helper endpoints over HTTP\n\n");
        md.append("| endpoint | 1 client p50 / p95 / p99 | 20 clients p50 / p99 | 20 clients throughput |\n|---|---|---|---|\n");
        JsonObject helpers = http.getJsonObject("helpers");
        for (String path : helpers.keySet()) {
            Stats c1 = stats(helpers, path, "1");
            Stats c20 = stats(helpers, path, "20");
            md.append(String.format(Locale.ROOT, "| `%s` | %.2f / %.2f / %.2f ms | %.2f / %.2f ms | %.0f req/s |\n", path,
                    c1.p50Millis(), c1.p95Millis(), c1.p99Millis(), c20.p50Millis(), c20.p99Millis(), c20.throughput()));
        }
        JsonObject first = http.getJsonObject("first_byte");
        JsonObject heap = http.getJsonObject("heap");
        md.append("\n### Streaming\n\n| measurement | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| 10,000-row answer (%,d bytes): time to first byte / to last byte | %.1f / %.1f ms |\n",
                first.getJsonNumber("bytes").longValue(), first.getJsonNumber("first_byte_ms").doubleValue(),
                first.getJsonNumber("total_ms").doubleValue()));
        md.append(String.format(Locale.ROOT, "| `SELECT * FROM range(100000000)` (cut at 10,000 rows) | %.1f ms |\n",
                http.getJsonObject("range_capped").getJsonNumber("median_ms").doubleValue()));
        for (String load : new String[] {"idle", "rows_100", "rows_10000"}) {
            JsonObject h = heap.getJsonObject(load);
            md.append(String.format(Locale.ROOT, "| server heap used, %s: min / median / max | %.0f / %.0f / %.0f MB |\n",
                    load.equals("idle") ? "idle" : "20 clients streaming " + String.format(Locale.ROOT, "%,d-byte answers",
                            h.getJsonNumber("answer_bytes").longValue()),
                    h.getJsonNumber("min_mb").doubleValue(), h.getJsonNumber("median_mb").doubleValue(),
                    h.getJsonNumber("max_mb").doubleValue()));
        }
        md.append("\n### Ingest (OTLP/HTTP protobuf, 4 senders of 1,000-span requests)\n\n| measurement | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| spans acknowledged per second, alone | %,.0f |\n",
                http.getJsonObject("ingest_alone").getJsonNumber("spans_per_second").doubleValue()));
        md.append(String.format(Locale.ROOT, "| spans acknowledged per second, while 20 readers query | %,.0f |\n",
                http.getJsonObject("ingest_with_readers").getJsonNumber("spans_per_second").doubleValue()));
        JsonObject fresh = http.getJsonObject("freshness");
        md.append(String.format(Locale.ROOT, "| one span: send → acknowledged, p50 / p99 | %.1f / %.1f ms |\n",
                fresh.getJsonNumber("ack_p50_ms").doubleValue(), fresh.getJsonNumber("ack_p99_ms").doubleValue()));
        md.append(String.format(Locale.ROOT, "| one span: send → visible to a query, p50 / p99 | %.1f / %.1f ms |\n",
                fresh.getJsonNumber("visible_p50_ms").doubleValue(), fresh.getJsonNumber("visible_p99_ms").doubleValue()));
        md.append("\n").append(END);
        String text = Files.exists(document) ? Files.readString(document) : START + "\n" + END + "\n";
        int from = text.indexOf(START);
        int to = text.indexOf(END);
        if (from < 0 || to < from) {
            throw new IllegalStateException(document + " has no " + START + " ... " + END + " section");
        }
        Files.writeString(document, text.substring(0, from) + md + text.substring(to + END.length()));
        System.out.println("Wrote the results into " + document);
    }

    private static Stats stats(JsonObject results, String name, String concurrency) {
        return Stats.fromJson(results.getJsonObject(name).getJsonObject(concurrency));
    }

    private static String machine() throws java.io.IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        long memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB memory", Runtime.getRuntime().availableProcessors(),
                cpu, memoryKb / 1048576.0);
    }
}

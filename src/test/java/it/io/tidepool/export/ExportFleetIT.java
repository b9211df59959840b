package it.io.tidepool.export;

import static it.io.tidepool.ingest.OtlpClient.PROTOBUF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import it.io.tidepool.ingest.OtlpClient;
import it.io.tidepool.ingest.SecondServer;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.Scratch;
import it.io.tidepool.support.TidepoolServer;

/**
 * Two Tidepool nodes export to a real S3-compatible server (S3Proxy, in this JVM); an independent
 * in-memory DuckDB reads what they wrote, Hive-partitioned, and must agree with each node's own
 * tables: counts, p99, a trace that crossed both nodes, late spans, an outage of the store, and a
 * SIGKILL while windows are being exported. Windows are 10 s with 2 s grace; the spans are dated
 * minutes back, so their windows are closed as they arrive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExportFleetIT {

    private static final String PREFIX = "tidepool";
    private static final long WINDOW_MICROS = 10_000_000L;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Two Liberty servers starting at once on a small shared host. */
    private static final Duration START_PATIENCE = Duration.ofSeconds(300);
    private static final Pattern KEY = Pattern.compile(
            "tidepool/(otel_spans_local|beyla_http_metrics|system_metrics_local|script_events)/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/"
                    + "node=node-[ab]/\\d{8}T\\d{6}Z-\\d+\\.parquet");

    private static ObjectStore store;
    private static SecondServer nodeA;
    private static SecondServer nodeB;

    @BeforeAll
    static void startStoreAndNodes() throws Exception {
        store = new ObjectStore();
        nodeA = new SecondServer("tidepool-node-a", 10, settings("node-a"));
        nodeB = new SecondServer("tidepool-node-b", 20, settings("node-b"));
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> start(nodeA));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> start(nodeB));
        a.get(2 * START_PATIENCE.toSeconds() + 60, TimeUnit.SECONDS);
        b.get(2 * START_PATIENCE.toSeconds() + 60, TimeUnit.SECONDS);
    }

    private static Map<String, String> settings(String node) {
        Map<String, String> settings = new HashMap<>();
        settings.put("tidepool.export.target", "s3://" + ObjectStore.BUCKET + "/" + PREFIX);
        settings.put("tidepool.export.s3.endpoint", store.endpoint().toString());
        settings.put("tidepool.export.s3.path-style", "true");
        settings.put("tidepool.export.s3.access-key-id", ObjectStore.ACCESS_KEY);
        settings.put("tidepool.export.s3.secret-access-key", ObjectStore.SECRET_KEY);
        settings.put("tidepool.export.window", "10s");
        settings.put("tidepool.export.grace", "2s");
        settings.put("tidepool.export.node", node);
        settings.put("tidepool.db.memory-limit", "256MB");
        settings.put("tidepool.demo.enabled", "false");
        return settings;
    }

    private static void start(SecondServer server) {
        try {
            server.start(START_PATIENCE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, store}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    System.err.println("cleanup: " + e);
                }
            }
        }
    }

    @Test
    @Order(0)
    void scriptsOnAnExportingNodeCannotLearnTheStoresCredentials() {
        for (String sql : List.of("SELECT * FROM duckdb_settings()", "SELECT current_setting('allowed_directories') AS d")) {
            Reply reply = nodeB.query(sql);
            assertEquals(200, reply.status(), sql + " -> " + reply);
            assertFalse(reply.body().contains(ObjectStore.SECRET_KEY), sql + " showed the secret");
        }
        for (String sql : List.of("SELECT * FROM read_text('" + nodeB.serverDir().toAbsolutePath() + "/bootstrap.properties')",
                "SELECT * FROM read_text('/proc/self/environ')", "SELECT * FROM duckdb_secrets()", "SELECT getenv('TIDEPOOL_EXPORT_S3_SECRET_ACCESS_KEY') AS s")) {
            Reply reply = nodeB.query(sql);
            assertTrue(reply.status() >= 400 && reply.status() < 500, sql + " -> " + reply);
            assertFalse(reply.body().contains(ObjectStore.SECRET_KEY), sql + " showed the secret");
        }
    }

    @Test
    @Order(1)
    void anIndependentDuckDbReadsBothNodesAndAgreesWithTheirTables() throws Exception {
        String service = "fleet-" + OtlpClient.hex(4);
        String trace = OtlpClient.hex(16);
        String root = OtlpClient.hex(8);
        String child = OtlpClient.hex(8);
        long rootEnd = System.currentTimeMillis() * 1_000_000L - TimeUnit.MINUTES.toNanos(3);
        Span.Builder rootSpan = OtlpClient.serverSpan("GET /checkout", 40).setTraceId(OtlpClient.id(trace)).setSpanId(OtlpClient.id(root))
                .setStartTimeUnixNano(rootEnd - 40_000_000L).setEndTimeUnixNano(rootEnd);
        Span.Builder childSpan = OtlpClient.serverSpan("POST /pay", 20).setTraceId(OtlpClient.id(trace)).setSpanId(OtlpClient.id(child))
                .setParentSpanId(OtlpClient.id(root)).setStartTimeUnixNano(rootEnd - 30_000_000L).setEndTimeUnixNano(rootEnd - 10_000_000L);
        send(nodeA, OtlpClient.batch(service, "a1", 200, -TimeUnit.MINUTES.toNanos(4)));
        send(nodeA, OtlpClient.traces(service, rootSpan));
        send(nodeB, OtlpClient.batch(service, "b1", 300, -TimeUnit.SECONDS.toNanos(150)));
        send(nodeB, OtlpClient.traces(service, childSpan));

        String spansOf = "FROM spans WHERE service_name = '" + service + "'";
        try (Storage storage = awaitStorage(s -> s.number("SELECT count(*) " + spansOf) == 502)) {
            for (SecondServer node : List.of(nodeA, nodeB)) {
                String name = node == nodeA ? "node-a" : "node-b";
                String own = "FROM otel_spans_local WHERE service_name = '" + service + "'";
                assertEquals(nodeNumber(node, "SELECT count(*) AS n " + own), storage.number("SELECT count(*) " + spansOf + " AND node = '" + name + "'"));
                assertEquals(nodeNumber(node, "SELECT quantile_disc(duration_ns, 0.99) AS n " + own),
                        storage.number("SELECT quantile_disc(duration_ns, 0.99) " + spansOf + " AND node = '" + name + "'"), "p99 of " + name);
            }
            assertEquals(List.of("node-a " + root, "node-b " + child),
                    storage.strings("SELECT node || ' ' || span_id FROM spans WHERE trace_id = '" + trace + "' ORDER BY node"));
            assertEquals(root, storage.strings("SELECT parent_span_id FROM spans WHERE span_id = '" + child + "'").get(0));
            assertEquals(502, storage.number("SELECT count(DISTINCT span_id) " + spansOf));
            assertEquals(List.of("ZSTD"), storage.strings("SELECT DISTINCT compression FROM parquet_metadata('"
                    + storage.root + "/otel_spans_local/*/*/*/*.parquet') WHERE path_in_schema = 'trace_id'"));
            assertEquals(0, storage.number("SELECT count(*) FROM parquet_schema('" + storage.root
                    + "/otel_spans_local/*/*/*/*.parquet') WHERE name = 'commit_stamp'"), "the commit stamp stays inside the node");
        }
        for (String key : store.keys(PREFIX)) {
            assertTrue(KEY.matcher(key).matches(), key);
        }
        String metrics = TidepoolServer.get(nodeA.management("/metrics?scope=application")).body();
        assertTrue(metricValue(metrics, "tidepool_export_rows_total", "otel_spans_local") >= 201, metrics);
        assertTrue(metricValue(metrics, "tidepool_export_files_total", "otel_spans_local") >= 1, metrics);
        assertTrue(metricValue(metrics, "tidepool_export_bytes_total", "otel_spans_local") > 0, metrics);
        assertTrue(metrics.contains("tidepool_export_lag_seconds{"), metrics);
    }

    @Test
    @Order(2)
    void aLateSpanBecomesTheWindowsNextFileAndNoRowIsExportedTwice() throws Exception {
        String service = "late-" + OtlpClient.hex(4);
        long windowStart = Math.floorDiv(System.currentTimeMillis() * 1_000L - TimeUnit.MINUTES.toMicros(5), WINDOW_MICROS) * WINDOW_MICROS;
        send(nodeA, spansAt(service, windowStart + 1_000_000L, 10));
        String spansOf = "FROM spans WHERE service_name = '" + service + "'";
        try (Storage storage = awaitStorage(s -> s.number("SELECT count(*) " + spansOf) == 10)) {
            assertEquals(List.of("-1.parquet"), storage.strings("SELECT DISTINCT regexp_extract(filename, '-\\d+\\.parquet$') " + spansOf));
        }
        send(nodeA, spansAt(service, windowStart + 2_000_000L, 5));
        try (Storage storage = awaitStorage(s -> s.number("SELECT count(*) " + spansOf) == 15)) {
            assertEquals(List.of("-1.parquet 10", "-2.parquet 5"), storage.strings("SELECT file || ' ' || count(*) FROM (SELECT "
                    + "regexp_extract(filename, '-\\d+\\.parquet$') AS file " + spansOf + ") GROUP BY file ORDER BY 1"));
            assertEquals(15, storage.number("SELECT count(DISTINCT span_id) " + spansOf));
        }
    }

    @Test
    @Order(3)
    void anOutageOfTheStoreQueuesFilesOnDiskAndReportsThemUntilItIsBack() throws Exception {
        String service = "outage-" + OtlpClient.hex(4);
        store.stop();
        try {
            send(nodeB, OtlpClient.batch(service, "o1", 50, -TimeUnit.MINUTES.toNanos(2)));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            String metrics;
            do {
                Thread.sleep(500);
                metrics = TidepoolServer.get(nodeB.management("/metrics?scope=application")).body();
                assertTrue(System.nanoTime() < deadline, "the spans' file never waited in the backlog after a failed delivery: " + metrics);
            } while (metricValue(metrics, "tidepool_export_backlog_bytes", "otel_spans_local") <= 0
                    || metricValue(metrics, "tidepool_export_failures_total", "[a-z_]+") < 1);
            assertTrue(readinessData(nodeB).getJsonNumber("export_backlog_bytes").longValue() > 0, readinessData(nodeB).toString());
        } finally {
            store.start();
        }
        try (Storage storage = awaitStorage(s -> s.number("SELECT count(*) FROM spans WHERE service_name = '" + service + "'") == 50)) {
            assertEquals(List.of("node-b"), storage.strings("SELECT DISTINCT node FROM spans WHERE service_name = '" + service + "'"));
        }
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (readinessData(nodeB).getJsonNumber("export_backlog_bytes").longValue() != 0) {
            assertTrue(System.nanoTime() < deadline, "the backlog did not drain: " + readinessData(nodeB));
            Thread.sleep(500);
        }
    }

    @Test
    @Order(4)
    void afterASigkillDuringExportEveryWindowIsStoredExactlyOnce() throws Exception {
        String service = "crash-" + OtlpClient.hex(4);
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread sender = new Thread(() -> {
            for (int i = 0; sending.get(); i++) {
                String batch = "k" + i;
                long shift = -TimeUnit.SECONDS.toNanos(20 + ThreadLocalRandom.current().nextInt(120));
                try {
                    OtlpClient.Answer answer = OtlpClient.post(nodeA.otlp("/v1/traces"), PROTOBUF, null,
                            OtlpClient.batch(service, batch, 100, shift).toByteArray());
                    if (answer.status() == 200) {
                        acknowledged.add(batch);
                    }
                } catch (RuntimeException e) {
                    return;
                }
            }
        });
        sender.start();
        // The exporter looks every second, so with ingest running the kill lands among its runs.
        Thread.sleep(5_000);
        nodeA.kill();
        sending.set(false);
        sender.join(TimeUnit.SECONDS.toMillis(70));
        assertTrue(acknowledged.size() >= 5, "acknowledged before the kill: " + acknowledged.size());
        nodeA.start(START_PATIENCE);

        Map<Long, Long> nodeWindows = new TreeMap<>();
        for (JsonObject row : nodeA.query("SELECT epoch_us(start_time) // " + WINDOW_MICROS + " AS w, count(*) AS n FROM otel_spans_local "
                + "WHERE service_name = '" + service + "' GROUP BY w").json().getJsonArray("rows").getValuesAs(JsonObject.class)) {
            nodeWindows.put(row.getJsonNumber("w").longValue(), row.getJsonNumber("n").longValue());
        }
        long stored = nodeWindows.values().stream().mapToLong(Long::longValue).sum();
        String spansOf = "FROM spans WHERE service_name = '" + service + "'";
        try (Storage storage = awaitStorage(s -> s.number("SELECT count(*) " + spansOf) >= stored)) {
            assertEquals(stored, storage.number("SELECT count(DISTINCT span_id) " + spansOf), "no span twice");
            Map<Long, Long> exported = new TreeMap<>();
            for (String row : storage.strings("SELECT w || ' ' || count(*) FROM (SELECT epoch_us(start_time) // " + WINDOW_MICROS + " AS w "
                    + spansOf + ") GROUP BY w")) {
                String[] parts = row.split(" ");
                exported.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
            assertEquals(nodeWindows, exported, "rows per window: node's table vs storage");
            Map<String, Long> perBatch = new HashMap<>();
            for (String row : storage.strings("SELECT b || ' ' || count(*) FROM (SELECT json_extract_string(resource_attributes::VARCHAR, "
                    + "'$.batch') AS b " + spansOf + ") GROUP BY b")) {
                String[] parts = row.split(" ");
                perBatch.put(parts[0], Long.parseLong(parts[1]));
            }
            for (String batch : acknowledged) {
                assertEquals(100L, perBatch.get(batch), "acknowledged batch " + batch);
            }
        }
    }

    @Test
    @Order(5)
    void everyExportMetricOfTheDashboardIsPublishedByAnExportingNode() throws Exception {
        String dashboard = Files.readString(Path.of(System.getProperty("basedir", "."), "docker", "grafana", "tidepool-dashboard.json"));
        Matcher names = Pattern.compile("tidepool_export_[a-z_]+").matcher(dashboard);
        String published = TidepoolServer.get(nodeA.management("/metrics?scope=application")).body()
                + TidepoolServer.get(nodeB.management("/metrics?scope=application")).body();
        int found = 0;
        while (names.find()) {
            found++;
            assertTrue(published.contains("\n" + names.group() + "{"), names.group() + " is not published");
        }
        assertTrue(found >= 6, "the dashboard's export panels query " + found + " metrics");
    }

    private static ExportTraceServiceRequest spansAt(String service, long startMicros, int count) {
        Span.Builder[] spans = new Span.Builder[count];
        for (int i = 0; i < count; i++) {
            spans[i] = OtlpClient.serverSpan("GET /late", 5).setStartTimeUnixNano(startMicros * 1_000L + i * 1_000L)
                    .setEndTimeUnixNano(startMicros * 1_000L + i * 1_000L + 5_000_000L);
        }
        return OtlpClient.traces(service, spans);
    }

    private static void send(SecondServer node, ExportTraceServiceRequest request) {
        OtlpClient.Answer answer = OtlpClient.post(node.otlp("/v1/traces"), PROTOBUF, null, request.toByteArray());
        assertEquals(200, answer.status(), answer.toString());
    }

    private static long nodeNumber(SecondServer node, String sql) {
        Reply reply = node.query(sql);
        assertEquals(200, reply.status(), reply.toString());
        return reply.json().getJsonArray("rows").getJsonObject(0).getJsonNumber("n").longValue();
    }

    private static JsonObject readinessData(SecondServer node) {
        JsonObject health = TidepoolServer.get(node.management("/health/ready")).json();
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("tidepool-readers")).findFirst().orElseThrow().getJsonObject("data");
    }

    private static double metricValue(String metrics, String name, String table) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*table=\"" + table + "\"[^}]*\\} ([0-9.eE+-]+)").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    /** Polls the bucket until what it holds satisfies {@code ready}; returns that view (closed by the caller). */
    private static Storage awaitStorage(Predicate<Storage> ready) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Storage storage = new Storage();
            if (ready.test(storage)) {
                return storage;
            }
            storage.close();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the bucket did not reach the expected state in " + PATIENCE + "; it holds " + store.keys(PREFIX));
            }
            Thread.sleep(1_000);
        }
    }

    /** The bucket's files, downloaded, as read by an in-memory DuckDB of this JVM (view {@code spans}). */
    private static final class Storage implements AutoCloseable {

        private final Path directory;
        final Path root;
        private final Connection db;

        Storage() throws Exception {
            directory = Files.createTempDirectory("tidepool-fleet");
            root = store.download(PREFIX, directory);
            db = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = db.createStatement()) {
                if (Files.isDirectory(root.resolve("otel_spans_local"))) {
                    statement.execute("CREATE VIEW spans AS SELECT * FROM read_parquet('" + root
                            + "/otel_spans_local/*/*/*/*.parquet', hive_partitioning = true, filename = true)");
                } else {
                    statement.execute("CREATE VIEW spans AS SELECT NULL::VARCHAR AS service_name, NULL::VARCHAR AS node, "
                            + "NULL::VARCHAR AS span_id, NULL::VARCHAR AS filename LIMIT 0");
                }
            }
        }

        long number(String sql) {
            try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                result.next();
                return result.getLong(1);
            } catch (SQLException e) {
                throw new AssertionError(sql + ": " + e.getMessage(), e);
            }
        }

        List<String> strings(String sql) {
            try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (result.next()) {
                    values.add(result.getString(1));
                }
                return values;
            } catch (SQLException e) {
                throw new AssertionError(sql + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            db.close();
            Scratch.deleteTree(directory);
        }
    }
}

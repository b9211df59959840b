package it.io.tidepool.operations;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.otlp;
import static it.io.tidepool.support.TidepoolServer.postJson;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.scripts.ScriptsApi;
import it.io.tidepool.support.Reply;

/**
 * The Grafana dashboard (docker/grafana/tidepool-dashboard.json) reads only metrics the server
 * really publishes: every metric name in its PromQL is looked up in the running server's
 * {@code /metrics}. Metrics that appear only after their first event (a truncation, a timeout, a
 * script run, a retention run...) are provoked first.
 */
class DashboardMetricsIT {

    static final Path DASHBOARD = Path.of(System.getProperty("basedir", "."), "docker", "grafana", "tidepool-dashboard.json");

    private static final String SCRIPT = "dashboard-metrics-" + Long.toString(System.nanoTime(), 36);
    /** The first retention run, which registers its counters, is up to a minute after start-up. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Set<String> PROMQL_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "offset", "and", "or", "unless");
    private static final Pattern LABEL_LISTS = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*(?!\\s*\\()(?![A-Za-z0-9_:])");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([A-Za-z_:][A-Za-z0-9_:]*)\\s*,");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\{([^}]*)\\}");
    private static final Pattern EXACT_MATCHER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"([^\"$]*)\"");

    /** A series the dashboard selects by an exact label value, such as the reader pool or a quantile. */
    record Selector(String metric, String label, String value) {

        boolean publishedIn(String metrics) {
            return metrics.lines().anyMatch(line -> line.startsWith(metric + "{") && line.contains(label + "=\"" + value + "\""));
        }
    }

    private final ScriptsApi api = ScriptsApi.shared();

    @AfterEach
    void deleteScript() {
        api.deleteQuietly(SCRIPT);
    }

    @Test
    void everyMetricTheDashboardQueriesIsPublished() throws Exception {
        Set<String> used = dashboardMetrics();
        assertTrue(used.size() >= 30, "the dashboard's metrics were not all found: " + used);
        Set<Selector> selectors = dashboardSelectors();
        assertTrue(selectors.contains(new Selector("connectionpool_managedConnections", "datasource", "jdbc_agentdb_ro")), selectors::toString);

        provokeEveryMetric();
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> missing;
        String metrics;
        do {
            metrics = publishedMetrics();
            Set<String> published = names(metrics);
            // The shared server does not export; ExportFleetIT checks the export's metrics against exporting nodes.
            missing = used.stream().filter(name -> !name.startsWith("tidepool_export_") && !published.contains(name))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        assertEquals(Set.of(), missing, "metrics the dashboard queries but /metrics does not publish");
        String published = metrics;
        assertEquals(List.of(), selectors.stream().filter(selector -> !selector.publishedIn(published)).toList(),
                "label values the dashboard selects but /metrics does not publish");
    }

    private static JsonObject dashboard() throws IOException {
        try (Reader file = Files.newBufferedReader(DASHBOARD); JsonReader reader = Json.createReader(file)) {
            return reader.readObject();
        }
    }

    /** The PromQL of every panel, rows' nested panels included. */
    static List<String> expressions(JsonObject dashboard) {
        List<JsonObject> panels = new ArrayList<>();
        for (JsonValue panel : dashboard.getJsonArray("panels")) {
            panels.add(panel.asJsonObject());
            if (panel.asJsonObject().containsKey("panels")) {
                panel.asJsonObject().getJsonArray("panels").forEach(nested -> panels.add(nested.asJsonObject()));
            }
        }
        List<String> expressions = new ArrayList<>();
        for (JsonObject panel : panels) {
            if (panel.containsKey("targets")) {
                panel.getJsonArray("targets").forEach(target -> expressions.add(target.asJsonObject().getString("expr")));
            }
        }
        return expressions;
    }

    /** Metric names in every PromQL expression of the dashboard, panels and template variables alike. */
    static Set<String> dashboardMetrics() throws IOException {
        JsonObject dashboard = dashboard();
        Set<String> names = new TreeSet<>();
        for (String expr : expressions(dashboard)) {
            Set<String> found = metricNames(expr);
            assertFalse(found.isEmpty(), "no metric found in " + expr);
            names.addAll(found);
        }
        for (JsonValue variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
            Matcher labelValues = LABEL_VALUES.matcher(variable.asJsonObject().getString("definition", ""));
            while (labelValues.find()) {
                names.add(labelValues.group(1));
            }
        }
        return names;
    }

    /** Every {@code metric{label="value"}} the dashboard selects by an exact value (Grafana variables aside). */
    static Set<Selector> dashboardSelectors() throws IOException {
        Set<Selector> selectors = new HashSet<>();
        for (String expr : expressions(dashboard())) {
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                Matcher matcher = EXACT_MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    selectors.add(new Selector(selector.group(1), matcher.group(1), matcher.group(2)));
                }
            }
        }
        return selectors;
    }

    /** The metric names of one expression: what remains once strings, matchers, ranges, label lists and functions are gone. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("\\{[^}]*\\}", " ").replaceAll("\\[[^]]*\\]", " ");
        bare = LABEL_LISTS.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher name = NAME.matcher(bare);
        while (name.find()) {
            if (!PROMQL_KEYWORDS.contains(name.group()) && (name.start() == 0 || bare.charAt(name.start() - 1) != '$')) {
                names.add(name.group());
            }
        }
        return names;
    }

    private static String hex(int bytes) {
        byte[] id = new byte[bytes];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String publishedMetrics() {
        Reply reply = get(management("/metrics"));
        assertEquals(200, reply.status(), reply::toString);
        return reply.body();
    }

    /** The metric name of every sample line of Prometheus text. */
    private static Set<String> names(String metrics) {
        return metrics.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** One of each event whose metric is created by its first occurrence. */
    private void provokeEveryMetric() throws InterruptedException {
        assertEquals(200, query("SELECT range FROM range(10001)").status(), "a result cut at the row cap");
        assertEquals(403, query("DELETE FROM otel_spans_local").status(), "a refused statement");
        assertEquals(504, query("SELECT sum(hash(range)) AS h FROM range(100000000000)").status(), "a query past its deadline");
        for (int i = 0; i < 2; i++) {
            Reply helper = get(sdk("/metrics/percentile?service=payments&metric=duration&p=0.99"));
            assertEquals(200, helper.status(), helper::toString);
        }
        String longValue = "x".repeat(5000);
        Reply otlpReply = postJson(otlp("/v1/traces"), """
                {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "%s"}}]},
                  "scopeSpans": [{"spans": [{"traceId": "%s", "spanId": "%s",
                    "name": "long attribute", "kind": 2, "startTimeUnixNano": "%d", "endTimeUnixNano": "%d",
                    "attributes": [{"key": "note", "value": {"stringValue": "%s"}}]}]}]}]}
                """.formatted(SCRIPT, hex(16), hex(8), System.currentTimeMillis() * 1_000_000, System.currentTimeMillis() * 1_000_000 + 1_000,
                longValue));
        assertEquals(200, otlpReply.status(), otlpReply::toString);
        JsonObject run = api.runToEnd(SCRIPT, """
                try { Deno.readTextFileSync("/etc/passwd"); } catch { console.log("denied"); }
                """, null, Duration.ofSeconds(60));
        assertEquals("succeeded", run.getString("outcome"), run::toString);
    }
}

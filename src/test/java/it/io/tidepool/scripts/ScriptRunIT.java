package it.io.tidepool.scripts;

import static it.io.tidepool.support.TidepoolServer.client;
import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scripts that run to their end: what they can do through the SDK, and what the run records. */
class ScriptRunIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        for (String name : List.of("run-query-emit", "run-seed", "run-fails", "run-live", "run-slow-query",
                "high-latency-alert", "error-resource-correlation")) {
            api.deleteQuietly(name);
        }
    }

    @Test
    void aScriptThatQueriesAndEmitsHasItsEventsReadableAfterwards() throws Exception {
        JsonObject run = api.runToEnd("run-query-emit", """
                import { db, emit, metrics } from "@tidepool/sdk";
                const spans = await db.query<{ n: number }>(
                  "SELECT count(*) AS n FROM otel_spans_local WHERE service_name = $1", ["payments"]);
                const p99 = await metrics.getPercentile("payments", "duration", 0.99);
                await emit("spans_counted", { n: spans.rows[0].n, p99 }, "info");
                await emit("looked_at_payments", { ok: true }, "warning");
                console.log(`counted ${spans.rows[0].n} spans`);
                """, null, WAIT);
        assertEquals("succeeded", run.getString("outcome"), run::toString);
        assertEquals(0, run.getInt("exit_code"));
        assertEquals(2, run.getInt("events"));
        assertEquals("manual", run.getString("trigger"));
        assertTrue(run.getJsonArray("denied").isEmpty(), run::toString);
        String id = run.getString("id");
        assertTrue(api.output(id).getString("stdout").startsWith("counted "), api.output(id)::toString);

        JsonObject events = api.get("/runs/" + id + "/events").json();
        assertEquals(2, events.getInt("count"));
        JsonObject first = events.getJsonArray("events").getJsonObject(0);
        assertEquals("spans_counted", first.getString("name"));
        assertEquals("info", first.getString("severity"));
        assertTrue(first.getJsonObject("data").getInt("n") > 0, first::toString);

        // And in the telemetry file, attributed to the script and the run by the run's token.
        JsonArray stored = rows("SELECT name, severity FROM script_events WHERE script_id = 'run-query-emit' AND execution_id = '"
                + id + "' ORDER BY timestamp");
        assertEquals(2, stored.size());
        assertEquals("looked_at_payments", stored.getJsonObject(1).getString("name"));
    }

    @Test
    void aScriptWrittenForTheSeedsSdkRunsUnchanged() throws Exception {
        JsonObject run = api.runToEnd("run-seed", """
                import * as coral from "jsr:@coral/sdk";

                const p99 = await coral.metrics.getPercentile("payments", "http.server.duration", 0.99);
                const errorRate = await coral.metrics.getErrorRate("payments", "5m");
                const spans = await coral.db.query(`
                  SELECT trace_id, duration_ns FROM otel_spans_local
                  WHERE service_name = 'payments' AND start_time > now() - INTERVAL '5 minutes'
                  ORDER BY start_time DESC LIMIT 100`);
                const slow = await coral.traces.query({ service: "payments", minDuration: "1ms", timeRange: "1h" });
                const cpu = await coral.system.getCPU();
                const memory = await coral.system.getMemory();
                await coral.emit("alert", { p99_ms: p99 / 1_000_000, error_rate_pct: errorRate * 100 }, "critical");
                console.log(JSON.stringify({ p99, errorRate, spans: spans.count, slow: slow.length,
                  cpu: cpu.usage_percent, memory: (memory.used / memory.total) * 100 }));
                """, null, WAIT);
        assertEquals("succeeded", run.getString("outcome"), () -> run + " " + api.output(run.getString("id")));
        JsonObject printed = jakarta.json.Json.createReader(new java.io.StringReader(api.output(run.getString("id"))
                .getString("stdout"))).readObject();
        assertTrue(printed.getJsonNumber("p99").doubleValue() > 0, printed::toString);
        assertTrue(printed.getInt("spans") > 0 && printed.getInt("slow") > 0, printed::toString);
        assertTrue(printed.getJsonNumber("cpu").doubleValue() >= 0, printed::toString);
        assertEquals(1, run.getInt("events"));
    }

    @Test
    void aFailingScriptIsReportedWithItsExitCodeAndStderr() throws Exception {
        JsonObject run = api.runToEnd("run-fails", """
                import { db } from "@tidepool/sdk";
                console.log("about to fail");
                await db.query("SELECT * FROM no_such_table");
                """, null, WAIT);
        assertEquals("failed", run.getString("outcome"), run::toString);
        assertEquals(1, run.getInt("exit_code"));
        assertEquals("the script exited with code 1 (see its stderr)", run.getString("message"));
        JsonObject output = api.output(run.getString("id"));
        assertEquals("about to fail\n", output.getString("stdout"));
        assertTrue(output.getString("stderr").contains("TidepoolError: sql_error (400)"), output::toString);
        assertTrue(output.getString("stderr").contains("no_such_table"), output::toString);
    }

    @Test
    void requestsAreAttributedToTheScriptInMetricsAndTheSlowQueryLog() throws Exception {
        JsonObject run = api.runToEnd("run-slow-query", """
                import { db, TidepoolError } from "@tidepool/sdk";
                try {
                  await db.query("SELECT sum(hash(range)) AS h FROM range(100000000000)");
                } catch (e) {
                  console.log((e as TidepoolError).code);
                }
                """, null, WAIT);
        assertEquals("timeout\n", api.output(run.getString("id")).getString("stdout"), run::toString);
        String metrics = get(management("/metrics?scope=application")).body();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("tidepool_sdk_requests_total{")
                && line.contains("script=\"run-slow-query\"") && line.contains("status=\"504\"")), metrics);
        Path log = Path.of(System.getProperty("it.server.dir"), "logs", "messages.log");
        String marker = "Slow query on /db/query from script run-slow-query (run " + run.getString("id") + ", 127.0.0.1:";
        assertTrue(awaitLine(log, marker), "no slow-query line containing: " + marker);
    }

    @Test
    void outputCanBeFollowedLiveAsServerSentEvents() throws Exception {
        api.create("run-live", """
                for (let i = 0; i < 3; i++) {
                  console.log(`tick ${i}`);
                  console.error(`tock ${i}`);
                  await new Promise((r) => setTimeout(r, 300));
                }
                """, null);
        String id = api.start("run-live");
        HttpResponse<Stream<String>> response = client().send(api.request("/runs/" + id + "/output/stream")
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        String event = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                    events.add(event);
                } else if (line.startsWith("data:") && "stdout".equals(event)) {
                    stdout.append(line.substring(5).strip()).append('\n');
                } else if (line.startsWith("data:") && "end".equals(event)) {
                    JsonObject finished = jakarta.json.Json.createReader(new java.io.StringReader(line.substring(5))).readObject();
                    assertEquals("succeeded", finished.getString("outcome"));
                    break;
                }
            }
        }
        assertEquals("tick 0\ntick 1\ntick 2\n", stdout.toString().replace("\n\n", "\n"));
        assertTrue(events.stream().filter("stdout"::equals).count() >= 2, "output arrived in pieces while it ran: " + events);
        assertTrue(events.contains("stderr"));
        assertEquals("end", events.get(events.size() - 1));
    }

    @Test
    void theExamplesInTheDocumentationRunAsWritten() throws Exception {
        String doc = Files.readString(Path.of("docs/scripts.md"), StandardCharsets.UTF_8);
        Matcher examples = Pattern.compile("```ts\n// ([a-z-]+)\\.ts\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> names = new ArrayList<>();
        String correlationRun = null;
        while (examples.find()) {
            String name = examples.group(1);
            names.add(name);
            JsonObject run = api.runToEnd(name, examples.group(2), null, WAIT);
            assertEquals("succeeded", run.getString("outcome"), () -> name + ": " + run + " " + api.output(run.getString("id")));
            assertTrue(run.getJsonArray("denied").isEmpty(), run::toString);
            correlationRun = run.getString("id");
        }
        assertEquals(List.of("high-latency-alert", "error-resource-correlation"), names);
        JsonArray correlation = rows("SELECT data FROM script_events WHERE execution_id = '" + correlationRun + "'");
        assertEquals(1, correlation.size());
        assertTrue(correlation.getJsonObject(0).getJsonObject("data").getInt("minutes") > 0, correlation::toString);
    }

    private static boolean awaitLine(Path log, String marker) throws IOException, InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}

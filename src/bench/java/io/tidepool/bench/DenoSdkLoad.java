package io.tidepool.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The path users take: src/bench/deno/sdk_latency.ts calls the SDK ({@code db.query("SELECT 1")} and
 * the cached helper {@code system.getCPU()}) through Deno's {@code fetch}, one call at a time, and
 * prints its percentiles as JSON, which this reads. Deno runs with the sandbox a script gets: network
 * to the SDK port only, the SDK's address in the environment.
 */
final class DenoSdkLoad {

    private final Path deno;
    private final Path script;
    private final Path denoDir;
    private final int sdkPort;

    DenoSdkLoad(Path deno, Path script, Path denoDir, int sdkPort) {
        this.deno = deno;
        this.script = script;
        this.denoDir = denoDir;
        this.sdkPort = sdkPort;
    }

    /** The first {@code seconds} after the server reported ready: both calls in turn, no warm-up. */
    JsonObjectBuilder cold(double seconds) throws Exception {
        JsonObject cold = run("cold", number(seconds)).getJsonObject("cold");
        for (String name : cold.keySet()) {
            Stats stats = Stats.fromJson(cold.getJsonObject(name));
            System.out.printf(Locale.ROOT, "Deno SDK %-8s cold (first %.0f s): p50 %.2f ms p99 %.2f ms over %d calls%n", name, seconds,
                    stats.p50Millis(), stats.p99Millis(), stats.requests());
        }
        return Json.createObjectBuilder(cold).add("seconds", seconds);
    }

    /** Warmed by the benchmark's rule, then interleaved rounds; the median round of each call. */
    JsonObjectBuilder warm(BenchSettings settings) throws Exception {
        JsonObject result = run("warm", number(settings.measureSeconds()), Integer.toString(settings.rounds()),
                number(settings.warmupWindow()), number(settings.warmupTolerance()), number(settings.warmupMaxSeconds()));
        JsonObjectBuilder medians = Json.createObjectBuilder();
        JsonObject rounds = result.getJsonObject("rounds");
        for (String name : rounds.keySet()) {
            List<Stats> each = new ArrayList<>();
            for (JsonValue round : rounds.getJsonArray(name)) {
                each.add(Stats.fromJson(round.asJsonObject()));
            }
            Stats median = Stats.median(each);
            medians.add(name, median.json());
            System.out.printf(Locale.ROOT, "Deno SDK %-8s warm: p50 %.3f ms p99 %.3f ms (%s)%n", name, median.p50Millis(),
                    median.p99Millis(), result.getJsonObject("warmup").get(name));
        }
        return Json.createObjectBuilder().add("medians", medians).add("warmup", result.getJsonObject("warmup"));
    }

    private JsonObject run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(deno.toString(), "run", "--no-prompt", "--no-config", "--no-remote",
                "--allow-net=127.0.0.1:" + sdkPort, "--allow-env=TIDEPOOL_SDK_URL", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("TIDEPOOL_SDK_URL", "http://127.0.0.1:" + sdkPort);
        builder.environment().put("DENO_DIR", denoDir.toString());
        builder.environment().put("DENO_NO_UPDATE_CHECK", "1");
        Files.createDirectories(denoDir);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("deno " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): " + out);
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElseThrow(() -> new IOException("deno printed nothing"));
        return Json.createReader(new java.io.StringReader(last)).readObject();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}

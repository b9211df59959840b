package it.io.tidepool.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.microshed.testing.ManuallyStartedConfiguration;

import io.tidepool.deploy.ProjectFiles;

/**
 * target/tidepool.jar as the contract ITs' target ({@code mvn verify -Pjar-tests}, which sets
 * {@code it.contract.target=jar}): {@code java -jar}, configured only by the environment as docs/operations.md
 * shows, with demo traffic, on free ports, once per test JVM, stopped when the JVM exits. {@link ContractTarget}
 * starts it before MicroShed's manual environment is resolved and points that environment at it
 * ({@link ManuallyStartedConfiguration#setRuntimeURL}), so that MicroShed never looks for Docker.
 */
public final class TidepoolJar {

    public static final Path JAR = ProjectFiles.ofThisRepository().resolve("target/tidepool.jar");
    private static final Path WORK = Path.of(System.getProperty("it.data.dir", "target/it-data")).resolveSibling("it-jar-contract");

    private static TidepoolUnderTest.Planes planes;

    private TidepoolJar() {
    }

    /** Whether the contract ITs of this JVM run against the jar. */
    public static boolean isTarget() {
        return "jar".equals(System.getProperty("it.contract.target"));
    }

    /** Starts the jar unless it runs already, and points MicroShed's manual environment at its SDK plane. */
    static synchronized TidepoolUnderTest.Planes start() {
        if (planes == null) {
            planes = launch();
            ManuallyStartedConfiguration.setRuntimeURL(planes.sdk() + "/");
        }
        return planes;
    }

    private static TidepoolUnderTest.Planes launch() {
        try {
            Scratch.deleteTree(WORK);
            Path data = Files.createDirectories(WORK.resolve("data"));
            int sdk = Scratch.freePort();
            int management = Scratch.freePort();
            int admin = Scratch.freePort();
            int otlp = Scratch.freePort();
            ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(WORK.resolve("console.log").toFile());
            launch.environment().putAll(Map.ofEntries(
                    Map.entry("WLP_JAR_EXTRACT_DIR", WORK.resolve("extract").toAbsolutePath().toString()),
                    Map.entry("TIDEPOOL_SDK_PORT", String.valueOf(sdk)),
                    Map.entry("TIDEPOOL_MANAGEMENT_PORT", String.valueOf(management)),
                    Map.entry("TIDEPOOL_MANAGEMENT_HTTPS_PORT", String.valueOf(Scratch.freePort())),
                    Map.entry("TIDEPOOL_OTLP_PORT", String.valueOf(otlp)),
                    Map.entry("TIDEPOOL_ADMIN_PORT", String.valueOf(admin)),
                    Map.entry("TIDEPOOL_DB_PATH", data.resolve("agent.db").toAbsolutePath().toString()),
                    Map.entry("TIDEPOOL_SCRIPTS_STORE_PATH", data.resolve("scripts.db").toAbsolutePath().toString()),
                    Map.entry("TIDEPOOL_SCRIPTS_DENO_PATH", System.getProperty("it.deno.path")),
                    // The contract tests' limits (e.g. the 20 s script timeout they assert) are those of the build's server.
                    Map.entry("TIDEPOOL_SCRIPTS_TIMEOUT", "20s"),
                    Map.entry("TIDEPOOL_DEMO_ENABLED", "true"),
                    Map.entry("TIDEPOOL_SECURITY_ADMIN_PASSWORD", TidepoolServer.credential("admin-password")),
                    Map.entry("TIDEPOOL_SECURITY_MONITOR_PASSWORD", TidepoolServer.credential("monitor-password")),
                    Map.entry("TIDEPOOL_SECURITY_KEYSTORE_PATH", TidepoolServer.KEYSTORE.toAbsolutePath().toString()),
                    Map.entry("TIDEPOOL_SECURITY_KEYSTORE_PASSWORD", TidepoolServer.credential("keystore-password"))));
            Process launcher = launch.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                launcher.descendants().forEach(ProcessHandle::destroy);
                launcher.destroy();
            }));
            awaitDemoData(launcher, URI.create("http://127.0.0.1:" + management + "/health/ready"),
                    URI.create("http://127.0.0.1:" + sdk + "/db/query"));
            return new TidepoolUnderTest.Planes("http://127.0.0.1:" + sdk, "https://127.0.0.1:" + admin, "http://127.0.0.1:" + otlp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ready, and the demo's backfill committed (the helper contract reads an hour of demo traffic). */
    private static void awaitDemoData(Process launcher, URI ready, URI query) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("java -jar exited with " + launcher.exitValue() + ":\n" + Files.readString(WORK.resolve("console.log")));
            }
            try {
                if (TidepoolServer.get(ready).status() == 200) {
                    Reply spans = TidepoolServer.postJson(query, "{\"sql\": \"SELECT count(*) AS n FROM otel_spans_local\"}");
                    if (spans.status() == 200 && spans.json().getJsonArray("rows").getJsonObject(0).getJsonNumber("n").longValue() > 0) {
                        return;
                    }
                }
            } catch (UncheckedIOException notListeningYet) {
                // Still starting.
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the runnable jar had no demo data within 5 minutes:\n" + Files.readString(WORK.resolve("console.log")));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

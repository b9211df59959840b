package it.io.tidepool.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import io.tidepool.deploy.ProjectFiles;
import it.io.tidepool.scripts.ScriptsApi;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.Scratch;
import it.io.tidepool.support.TidepoolServer;

/**
 * target/tidepool.jar as `mvn package` leaves it: a runnable Liberty server with the WAR, the shared libraries and
 * the configuration, whose bootstrap.properties sets no Tidepool setting, since bootstrap properties outrank the
 * environment and TIDEPOOL_SCRIPTS_DENO_PATH, TIDEPOOL_DB_PATH and the rest must work on the machine that runs it.
 * Then the jar itself, started with {@code java -jar} and configured only by the environment, as docs/operations.md
 * shows: it serves the SDK API with demo data, runs a Deno script, guards the OpenAPI UI, and stops on SIGTERM.
 */
class RunnableJarIT {

    private static final String SERVER = "wlp/usr/servers/tidepool/";
    private static final Path JAR = ProjectFiles.ofThisRepository().resolve("target/tidepool.jar");
    private static final Path WORK = Path.of(System.getProperty("it.data.dir", "target/it-data")).resolveSibling("it-jar");

    @Test
    void theJarCarriesTheServerAndLeavesEverySettingToTheEnvironment() throws IOException {
        assumeTrue(Files.exists(JAR), "the build skipped the runnable jar (-Dtidepool.jar.skip=true)");
        try (JarFile file = new JarFile(JAR.toFile())) {
            assertTrue(file.getManifest().getMainAttributes().getValue("Main-Class") != null, "java -jar needs a Main-Class");
            for (String entry : List.of("server.xml", "jvm.options", "duckdb-init.sql", "lib/duckdb_jdbc.jar", "lib/tidepool-security.jar",
                    "apps/tidepool.war")) {
                assertTrue(file.getEntry(SERVER + entry) != null, "the jar has no " + SERVER + entry);
            }
            assertEquals(null, file.getEntry(SERVER + "apps/tidepool.war.xml"), "a loose application would point at target/");
            assertEquals(null, file.getEntry(SERVER + "data/agent.db"), "a dev run's database went into the jar");
            ZipEntry bootstrap = file.getEntry(SERVER + "bootstrap.properties");
            if (bootstrap != null) {
                Properties properties = new Properties();
                try (InputStream in = file.getInputStream(bootstrap)) {
                    properties.load(in);
                }
                assertEquals(List.of(), properties.stringPropertyNames().stream().filter(k -> k.startsWith("tidepool.")).sorted()
                        .toList(), "bootstrap.properties would outrank the environment for these");
            }
        }
    }

    @Test
    void javaJarStartsTheServerTheWayTheDevRunDoes() throws Exception {
        assumeTrue(Files.exists(JAR), "the build skipped the runnable jar (-Dtidepool.jar.skip=true)");
        Scratch.deleteTree(WORK);
        Path data = Files.createDirectories(WORK.resolve("data"));
        int sdk = Scratch.freePort();
        int management = Scratch.freePort();
        int https = Scratch.freePort();
        int admin = Scratch.freePort();
        Map<String, String> environment = new TreeMap<>(Map.ofEntries(
                Map.entry("WLP_JAR_EXTRACT_DIR", WORK.resolve("extract").toAbsolutePath().toString()),
                Map.entry("TIDEPOOL_SDK_PORT", String.valueOf(sdk)),
                Map.entry("TIDEPOOL_MANAGEMENT_PORT", String.valueOf(management)),
                Map.entry("TIDEPOOL_MANAGEMENT_HTTPS_PORT", String.valueOf(https)),
                Map.entry("TIDEPOOL_OTLP_PORT", String.valueOf(Scratch.freePort())),
                Map.entry("TIDEPOOL_ADMIN_PORT", String.valueOf(admin)),
                Map.entry("TIDEPOOL_DB_PATH", data.resolve("agent.db").toAbsolutePath().toString()),
                Map.entry("TIDEPOOL_SCRIPTS_STORE_PATH", data.resolve("scripts.db").toAbsolutePath().toString()),
                Map.entry("TIDEPOOL_SCRIPTS_DENO_PATH", System.getProperty("it.deno.path")),
                Map.entry("TIDEPOOL_DEMO_ENABLED", "true"),
                Map.entry("TIDEPOOL_SECURITY_ADMIN_PASSWORD", TidepoolServer.credential("admin-password")),
                Map.entry("TIDEPOOL_SECURITY_MONITOR_PASSWORD", TidepoolServer.credential("monitor-password")),
                // The shared test server's certificate, which the test clients trust.
                Map.entry("TIDEPOOL_SECURITY_KEYSTORE_PATH", TidepoolServer.KEYSTORE.toAbsolutePath().toString()),
                Map.entry("TIDEPOOL_SECURITY_KEYSTORE_PASSWORD", TidepoolServer.credential("keystore-password"))));
        ProcessBuilder launch = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString()).redirectErrorStream(true).redirectOutput(WORK.resolve("console.log").toFile());
        launch.environment().putAll(environment);
        Process launcher = launch.start();
        List<ProcessHandle> serverJvm = new ArrayList<>();
        try {
            long started = System.nanoTime();
            awaitReady(launcher, URI.create("http://127.0.0.1:" + management + "/health/ready"), Duration.ofMinutes(4));
            System.out.printf("RUNNABLE JAR ready %d s after java -jar%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            serverJvm.addAll(launcher.descendants().toList());

            URI query = URI.create("http://127.0.0.1:" + sdk + "/db/query");
            // Ready means ready: the demo's backfill (the last ten minutes) is queryable at once, not
            // only the live traffic that starts with the server.
            Reply backfilled = TidepoolServer.postJson(query,
                    "{\"sql\": \"SELECT count(*) AS n FROM otel_spans_local WHERE start_time < now() - INTERVAL 2 MINUTE\"}");
            assertEquals(200, backfilled.status(), backfilled::toString);
            assertTrue(backfilled.json().getJsonArray("rows").getJsonObject(0).getJsonNumber("n").longValue() > 0,
                    () -> "the first query after ready sees the demo's backfill: " + backfilled);

            URI openApi = URI.create("https://127.0.0.1:" + https + "/openapi/ui/");
            assertEquals(401, TidepoolServer.get(openApi).status(), "the login interceptor came with the jar's shared library");
            assertEquals(200, TidepoolServer.send(HttpRequest.newBuilder(openApi).header("Authorization", TidepoolServer.asMonitor()))
                    .status());

            JsonObject run = new ScriptsApi(path -> URI.create("https://127.0.0.1:" + admin + path))
                    .runToEnd("from-the-jar", "console.log(Deno.version.deno);", null, Duration.ofSeconds(60));
            assertEquals("succeeded", run.getString("outcome"), () -> "Deno from TIDEPOOL_SCRIPTS_DENO_PATH ran the script: " + run);

            launcher.destroy();
            assertTrue(launcher.waitFor(90, TimeUnit.SECONDS), "SIGTERM to the launcher stops it");
            for (ProcessHandle jvm : serverJvm) {
                jvm.onExit().get(30, TimeUnit.SECONDS);
            }
            assertFalse(serverJvm.isEmpty(), "the launcher ran the server in a JVM of its own (jvm.options)");
        } finally {
            serverJvm.forEach(ProcessHandle::destroyForcibly);
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        assertTrue(Files.size(data.resolve("agent.db")) > 0, "the database stays where TIDEPOOL_DB_PATH put it");
    }

    private static void awaitReady(Process launcher, URI ready, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!launcher.isAlive()) {
                throw new AssertionError("java -jar exited with " + launcher.exitValue() + ":\n" + Files.readString(WORK.resolve("console.log")));
            }
            try {
                if (TidepoolServer.get(ready).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // The server is still starting.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + limit + ":\n" + Files.readString(WORK.resolve("console.log")));
            }
            Thread.sleep(500);
        }
    }
}

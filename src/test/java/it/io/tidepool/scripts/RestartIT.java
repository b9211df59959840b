package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.Scratch;
import it.io.tidepool.support.TidepoolServer;

/**
 * Restarts on a Liberty server of this test's own (created by the build beside the shared IT
 * server, started here on free ports), so the shared server is never restarted under the other
 * tests. It is killed outright once (as a crash or an OOM kill would), then stopped normally; it
 * also runs with {@code tidepool.query.require-token=true}.
 */
class RestartIT {

    private static final Path WLP = Path.of(System.getProperty("it.wlp.dir", "target/liberty/wlp"));
    private static final String SERVER = System.getProperty("it.restart.server", "tidepool-restart");
    private static final Path SERVER_DIR = WLP.resolve("usr/servers").resolve(SERVER);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static int sdkPort;
    private static int managementPort;
    private static int adminPort;
    private static ScriptsApi api;

    @BeforeAll
    static void configureAndStart() throws Exception {
        sdkPort = Scratch.freePort();
        managementPort = Scratch.freePort();
        adminPort = Scratch.freePort();
        Scratch.deleteTree(SERVER_DIR.resolve("data"));
        Scratch.deleteTree(SERVER_DIR.resolve("scripts"));
        Files.writeString(SERVER_DIR.resolve("bootstrap.properties"), String.join("\n",
                "# Written by RestartIT",
                "tidepool.sdk.port=" + sdkPort,
                "tidepool.management.port=" + managementPort,
                "tidepool.management.https-port=" + Scratch.freePort(),
                "tidepool.otlp.port=" + Scratch.freePort(),
                "tidepool.admin.port=" + adminPort,
                "tidepool.demo.enabled=false",
                "tidepool.query.require-token=true",
                "tidepool.scripts.timeout=2m",
                "tidepool.scripts.deno-path=" + System.getProperty("it.deno.path"),
                // The build's test credentials, and the shared test server's certificate, which the tests' HTTPS client trusts.
                "bootstrap.include=" + TidepoolServer.CREDENTIALS.toAbsolutePath(),
                "tidepool.security.keystore-path=" + TidepoolServer.KEYSTORE.toAbsolutePath(),
                ""), StandardCharsets.UTF_8);
        api = new ScriptsApi(path -> URI.create("https://127.0.0.1:" + adminPort + path));
        start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        serverCommand("stop");
    }

    @Test
    void scriptsAndSchedulesSurviveACrashAndItsRunsAreReportedInterrupted() throws Exception {
        // With require-token on, only a run's own requests are answered.
        Reply anonymous = TidepoolServer.get(URI.create("http://127.0.0.1:" + sdkPort + "/system/cpu"));
        assertEquals(401, anonymous.status(), anonymous::toString);
        assertEquals("token_required", anonymous.errorCode());

        Reply scheduled = api.register(Json.createObjectBuilder().add("name", "survivor").add("source", "console.log('hi');")
                .add("description", "kept across restarts").add("schedule", Json.createObjectBuilder().add("every", "1h")));
        assertEquals(201, scheduled.status(), scheduled::toString);
        api.create("long", """
                import { emit } from "@tidepool/sdk";
                await emit("started", { at: Date.now() });
                // The test kills the JVM only once it has read this line: the emit's answer has
                // arrived by then, and nothing more is written to the dead JVM's pipes (EPIPE would
                // end this script, which must outlive the JVM).
                console.log("emitted");
                await new Promise((r) => setTimeout(r, 600_000));
                """, null);
        String crashed = api.start("long");
        JsonObject running = awaitEvents(crashed, 1);
        long orphan = running.getJsonNumber("pid").longValue();

        killServer();
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false),
                "a killed JVM leaves its Deno child running (what start-up must clean up)");
        start();

        JsonObject survivor = api.get("/scripts/survivor").json();
        assertEquals("kept across restarts", survivor.getString("description"));
        assertEquals("1h", survivor.getJsonObject("schedule").getString("every"));
        assertFalse(survivor.isNull("next_run"), "the schedule is armed again");
        assertEquals(200, api.get("/scripts/long").status());
        JsonObject interrupted = api.run(crashed);
        assertEquals("finished", interrupted.getString("state"));
        assertEquals("interrupted", interrupted.getString("outcome"));
        assertEquals("cut off by a server restart", interrupted.getString("message"));
        assertEquals(1, interrupted.getInt("events"), "its events are still counted: " + interrupted);
        assertEquals(1, api.get("/runs/" + crashed + "/events").json().getInt("count"));
        awaitGone(orphan);

        // A normal stop ends the runs in progress too, and records them before it goes.
        String stopped = api.start("long");
        long child = awaitEvents(stopped, 1).getJsonNumber("pid").longValue();
        serverCommand("stop");
        awaitGone(child);
        assertEquals(List.of("finished", "interrupted", "the server stopped while the script ran"), storedRun(stopped));
    }

    private static JsonObject awaitEvents(String id, int events) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonObject run = api.run(id);
            if (run.getString("state").equals("running") && run.getInt("events") >= events
                    && api.output(id).getString("stdout").contains("emitted")) {
                return run;
            }
            if (System.nanoTime() > deadline || run.getString("state").equals("finished")) {
                throw new AssertionError("run " + id + " did not emit " + events + " events and say so while running: " + run + " "
                        + api.output(id));
            }
            Thread.sleep(100);
        }
    }

    /** Reads a run's record from the store file directly (the server is stopped, so the file is free). */
    private static List<String> storedRun(String id) throws Exception {
        try (Connection store = DriverManager.getConnection("jdbc:duckdb:" + SERVER_DIR.resolve("data/scripts.db"));
                PreparedStatement query = store.prepareStatement("SELECT state, outcome, message FROM runs WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), "run " + id + " is in the store");
                return List.of(row.getString(1), row.getString(2), row.getString(3));
            }
        }
    }

    private static void start() throws Exception {
        serverCommand("start");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        while (true) {
            try {
                if (TidepoolServer.send(HttpRequest.newBuilder(ready).GET()).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(SERVER + " was not ready within " + START_TIMEOUT);
            }
            Thread.sleep(250);
        }
    }

    private static void killServer() throws Exception {
        long pid = Long.parseLong(Files.readString(WLP.resolve("usr/servers/.pid").resolve(SERVER + ".pid")).strip());
        ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().get(30, TimeUnit.SECONDS);
    }

    private static void serverCommand(String action) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, SERVER).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server " + action + " " + SERVER + " did not return: " + output);
        }
        System.out.println("server " + action + " " + SERVER + ": " + output.strip());
    }

    private static void awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is still alive");
    }
}

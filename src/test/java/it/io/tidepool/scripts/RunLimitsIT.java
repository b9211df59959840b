package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/**
 * The limits every run lives under, with the IT server's short settings: a 20 s wall clock (3 s
 * for the looping script, its own timeout), a 128 MB V8 heap, and the default 1024 MB data limit.
 */
class RunLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        for (String name : List.of("limit-loop", "limit-heap", "limit-buffers", "limit-chatty", "limit-stop")) {
            api.deleteQuietly(name);
        }
    }

    @Test
    void aScriptLoopingForeverIsKilledAtItsWallClockLimit() throws Exception {
        JsonObject run = api.runToEnd("limit-loop", "console.log('spinning'); for (;;) {}", "3s", WAIT);
        assertEquals("timed_out", run.getString("outcome"), run::toString);
        assertEquals("killed after its wall-clock limit of 3s", run.getString("message"));
        long ms = run.getJsonNumber("duration_ms").longValue();
        assertTrue(ms >= 3000 && ms < 10_000, "killed after " + ms + " ms");
        assertEquals(137, run.getInt("exit_code"), "SIGKILL");
        assertProcessGone(run);
        assertEquals("spinning\n", api.output(run.getString("id")).getString("stdout"), "output up to the kill is kept");
    }

    @Test
    void aScriptAllocatingPastItsHeapDiesAndIsReportedMemoryLimited() throws Exception {
        JsonObject run = api.runToEnd("limit-heap", """
                const keep: unknown[] = [];
                for (let i = 0; ; i++) keep.push({ i, text: "x" + i, pair: [i, i + 1] });
                """, null, WAIT);
        assertEquals("memory_limited", run.getString("outcome"), () -> run + " " + api.output(run.getString("id")));
        assertEquals("the script ran out of its V8 heap limit of 128 MB", run.getString("message"));
        assertProcessGone(run);
    }

    @Test
    void buffersOutsideTheHeapMeetTheOperatingSystemLimit() throws Exception {
        // ArrayBuffers are not part of V8's heap: without prlimit this would take all the host's memory.
        JsonObject run = api.runToEnd("limit-buffers", """
                const keep: Uint8Array[] = [];
                for (;;) { const b = new Uint8Array(64 * 1024 * 1024); b.fill(1); keep.push(b); }
                """, null, WAIT);
        assertEquals("memory_limited", run.getString("outcome"), () -> run + " " + api.output(run.getString("id")));
        assertEquals("the script reached its memory limit of 1024 MB (buffers and other memory outside the heap)",
                run.getString("message"));
        assertTrue(api.output(run.getString("id")).getString("stderr").contains("Array buffer allocation failed"));
    }

    @Test
    void aScriptWritingAHugeAmountOfOutputKeepsOnlyItsLastMebibyte() throws Exception {
        JsonObject run = api.runToEnd("limit-chatty", """
                const line = "x".repeat(1023);
                for (let i = 0; i < 8192; i++) console.log(line);
                console.log("THE END");
                for (let i = 0; i < 3000; i++) console.error(`warning ${i}`);
                """, null, WAIT);
        assertEquals("succeeded", run.getString("outcome"), run::toString);
        assertEquals(8192L * 1024 + 8, run.getJsonNumber("stdout_bytes").longValue(), "every byte was counted");
        JsonObject output = api.output(run.getString("id"));
        assertTrue(output.getBoolean("stdout_truncated"));
        assertEquals(1024 * 1024, output.getString("stdout").length(), "exactly the output limit is kept");
        assertTrue(output.getString("stdout").endsWith("x\nTHE END\n"), "the end is kept, not the start");
        assertFalse(output.getBoolean("stderr_truncated"));
        assertTrue(output.getString("stderr").startsWith("warning 0\n") && output.getString("stderr").endsWith("warning 2999\n"));
    }

    @Test
    void aRunningScriptCanBeStopped() throws Exception {
        api.create("limit-stop", "console.log('started'); await new Promise((r) => setTimeout(r, 60_000));", null);
        String id = api.start("limit-stop");
        api.awaitState(id, "running", WAIT);
        awaitOutput(id, "started\n");
        JsonObject running = api.run(id);
        Instant before = Instant.now();
        Reply stopped = api.post("/runs/" + id + "/stop");
        assertEquals(200, stopped.status(), stopped::toString);
        JsonObject run = stopped.json();
        assertTrue(Duration.between(before, Instant.now()).toSeconds() < 5, "the stop answered once the run had ended");
        assertEquals("finished", run.getString("state"));
        assertEquals("killed", run.getString("outcome"));
        assertEquals("stopped by request", run.getString("message"));
        assertEquals(running.getJsonNumber("pid").longValue(), run.getJsonNumber("pid").longValue());
        assertProcessGone(run);
        Reply again = api.post("/runs/" + id + "/stop");
        assertEquals(409, again.status());
        assertEquals("run " + id + " has already finished (killed)", again.errorMessage());
    }

    private void awaitOutput(String id, String expected) throws InterruptedException {
        for (int i = 0; i < 100 && !api.output(id).getString("stdout").equals(expected); i++) {
            Thread.sleep(100);
        }
        assertEquals(expected, api.output(id).getString("stdout"));
    }

    /** The Deno process (the server's child, on this machine) no longer exists. */
    static void assertProcessGone(JsonObject run) {
        long pid = run.getJsonNumber("pid").longValue();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is still alive");
    }
}

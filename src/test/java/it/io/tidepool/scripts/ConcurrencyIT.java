package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/**
 * The managed executor's policy: at most 5 runs at once, a queue (1 deep on the IT server) behind
 * them, and refusal (429, recorded as a refused run) past it.
 */
class ConcurrencyIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.deleteQuietly("sleeper");
    }

    @Test
    void sixLongScriptsStartedTogetherRunFiveAtATimeAndTheSeventhIsRefused() throws Exception {
        List<String> ids = startSixSleepers();
        Reply refused = api.post("/scripts/sleeper/runs");
        assertEquals(429, refused.status(), refused::toString);
        assertEquals("too_many_runs", refused.errorCode());
        assertNotNull(refused.header("Retry-After"));
        assertTrue(refused.errorMessage().startsWith("the script executor was full (5 running and its queue full"),
                refused.errorMessage());
        JsonObject recorded = api.get("/runs?script=sleeper&state=finished").json().getJsonArray("runs").getJsonObject(0);
        assertEquals("refused", recorded.getString("outcome"));
        assertTrue(recorded.isNull("started_at"));

        String waiting = awaitFiveRunningOneQueued(ids);

        String first = ids.stream().filter(id -> !id.equals(waiting)).findFirst().orElseThrow();
        assertEquals("killed", api.post("/runs/" + first + "/stop").json().getString("outcome"));
        JsonObject started = api.awaitState(waiting, "running", WAIT);
        assertNotNull(started.getString("started_at"), "the queued run started once a slot was free");

        for (String id : ids) {
            api.post("/runs/" + id + "/stop");
        }
        for (String id : ids) {
            JsonObject run = api.awaitFinished(id, WAIT);
            assertEquals("killed", run.getString("outcome"), run::toString);
        }
    }

    @Test
    void aQueuedRunStoppedBeforeItStartsNeverRuns() throws Exception {
        List<String> ids = startSixSleepers();
        String waiting = awaitFiveRunningOneQueued(ids);
        JsonObject stopped = api.post("/runs/" + waiting + "/stop").json();
        assertEquals("killed", stopped.getString("outcome"));
        assertTrue(stopped.isNull("started_at"), stopped::toString);
        assertTrue(stopped.isNull("pid"));
        // Deleting the script stops the others.
        assertEquals(204, api.delete("/scripts/sleeper").status());
        for (String id : ids) {
            assertEquals(404, api.get("/runs/" + id).status(), "its runs went with it");
        }
    }

    private List<String> startSixSleepers() {
        api.create("sleeper", "await new Promise((r) => setTimeout(r, 60_000));", null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(api.start("sleeper"));
        }
        return ids;
    }

    /** Waits until five of the runs have started, checks that the sixth still waits, and returns its id. */
    private String awaitFiveRunningOneQueued(List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<String> states = ids.stream().map(id -> api.run(id).getString("state")).toList();
            long running = states.stream().filter("running"::equals).count();
            if (running == 5 || System.nanoTime() > deadline) {
                assertEquals(5, running, "five run at once: " + states);
                assertEquals(1, states.stream().filter("queued"::equals).count(), "the sixth waits: " + states);
                return ids.get(states.indexOf("queued"));
            }
            Thread.sleep(100);
        }
    }
}

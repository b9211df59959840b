package it.io.tidepool.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/** Schedules fire on the container's scheduler: fixed intervals and cron expressions. */
class ScheduleIT {

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.deleteQuietly("every-second");
        api.deleteQuietly("cron-second");
        api.deleteQuietly("slow-tick");
    }

    @Test
    void aFixedIntervalScheduleFiresUntilItIsRemoved() throws Exception {
        Reply created = api.register(Json.createObjectBuilder().add("name", "every-second")
                .add("source", "import { emit } from \"@tidepool/sdk\"; await emit(\"tick\", {});")
                .add("schedule", Json.createObjectBuilder().add("every", "1s")));
        assertEquals(201, created.status(), created::toString);
        List<JsonObject> runs = awaitRuns("every-second", 2, Duration.ofSeconds(20));
        for (JsonObject run : runs) {
            assertEquals("schedule", run.getString("trigger"));
        }
        JsonObject finished = api.awaitFinished(runs.get(runs.size() - 1).getString("id"), Duration.ofSeconds(20));
        assertEquals("succeeded", finished.getString("outcome"), finished::toString);
        assertEquals(1, finished.getInt("events"));

        assertEquals(204, api.delete("/scripts/every-second/schedule").status());
        Thread.sleep(1500);
        int count = runs("every-second").size();
        Thread.sleep(2500);
        assertEquals(count, runs("every-second").size(), "no run after the schedule was removed");
    }

    @Test
    void aCronScheduleFires() throws Exception {
        Reply created = api.register(Json.createObjectBuilder().add("name", "cron-second").add("source", "console.log('cron');")
                .add("schedule", Json.createObjectBuilder().add("cron", "* * * * * *")));
        assertEquals(201, created.status(), created::toString);
        JsonObject run = awaitRuns("cron-second", 1, Duration.ofSeconds(20)).get(0);
        assertEquals("schedule", run.getString("trigger"));
        assertEquals("succeeded", api.awaitFinished(run.getString("id"), Duration.ofSeconds(20)).getString("outcome"));
    }

    @Test
    void aScheduleNeverOverlapsItsOwnRuns() throws Exception {
        api.register(Json.createObjectBuilder().add("name", "slow-tick")
                .add("source", "await new Promise((r) => setTimeout(r, 2500));")
                .add("schedule", Json.createObjectBuilder().add("every", "1s")));
        List<JsonObject> runs = awaitRuns("slow-tick", 2, Duration.ofSeconds(30));
        api.delete("/scripts/slow-tick/schedule");
        JsonObject older = api.awaitFinished(runs.get(1).getString("id"), Duration.ofSeconds(20));
        JsonObject newer = runs.get(0);
        assertTrue(!Instant.parse(newer.getString("queued_at")).isBefore(Instant.parse(older.getString("finished_at"))),
                "the next run was only queued after the previous one ended: " + older + " " + newer);
    }

    private List<JsonObject> runs(String script) {
        return api.get("/scripts/" + script + "/runs").json().getJsonArray("runs").getValuesAs(JsonObject.class);
    }

    private List<JsonObject> awaitRuns(String script, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonObject> runs = runs(script);
            if (runs.size() >= count) {
                return runs;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + runs.size() + " runs of " + script + " within " + timeout);
            }
            Thread.sleep(200);
        }
    }
}

package it.io.tidepool.scripts;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/** Registering, reading, updating and deleting scripts on the admin port, and what it refuses. */
class ScriptsApiIT {

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.deleteQuietly("api-alert");
        api.deleteQuietly("api-weekdays");
    }

    @Test
    void aScriptIsRegisteredReadUpdatedListedAndDeleted() {
        Reply created = api.register(Json.createObjectBuilder().add("name", "api-alert").add("source", "console.log(1);")
                .add("description", "first").add("timeout", "10s"));
        assertEquals(201, created.status(), created::toString);
        assertEquals("/scripts/api-alert", java.net.URI.create(created.header("Location")).getPath());
        JsonObject script = created.json();
        assertEquals(1, script.getInt("version"));
        assertEquals("10s", script.getString("timeout"));
        assertEquals("console.log(1);", script.getString("source"));

        Reply updated = api.put("/scripts/api-alert", "{\"source\": \"console.log(2);\", \"schedule\": {\"every\": \"1h\"}}");
        assertEquals(200, updated.status(), updated::toString);
        assertEquals(2, updated.json().getInt("version"));
        assertTrue(updated.json().isNull("description"), "an update replaces the description");
        assertEquals("1h", updated.json().getJsonObject("schedule").getString("every"));
        Instant next = Instant.parse(updated.json().getString("next_run"));
        assertTrue(next.isAfter(Instant.now().plusSeconds(3500)), "next run in about an hour: " + next);

        JsonObject read = api.get("/scripts/api-alert").json();
        assertEquals("console.log(2);", read.getString("source"));
        JsonObject listed = api.get("/scripts").json();
        JsonObject summary = listed.getJsonArray("scripts").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals("api-alert")).findFirst().orElseThrow();
        assertTrue(!summary.containsKey("source"), "the list leaves sources out");

        assertEquals(204, api.delete("/scripts/api-alert/schedule").status());
        assertTrue(api.get("/scripts/api-alert").json().isNull("schedule"));
        assertEquals(204, api.delete("/scripts/api-alert").status());
        assertEquals(404, api.get("/scripts/api-alert").status());
    }

    @Test
    void invalidDefinitionsAre400WithAClearMessage() {
        assertRefused(api.register("bad name", "1"), 400, "invalid_name",
                "a script name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got 'bad name'");
        assertRefused(api.register(Json.createObjectBuilder().add("name", "api-alert")), 400, "missing_field",
                "field 'source' (the script's TypeScript, a non-empty string) is required");
        assertRefused(api.register(Json.createObjectBuilder().add("source", "1")), 400, "missing_field",
                "field 'name' is required: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        assertRefused(api.register(Json.createObjectBuilder().add("name", "api-alert").add("source", "1").add("timeout", "1h")),
                400, "invalid_field", "'timeout' 1h is longer than the server's limit of 20s (tidepool.scripts.timeout)");
        assertRefused(api.register(Json.createObjectBuilder().add("name", "api-alert").add("source", "1")
                .add("schedule", Json.createObjectBuilder().add("every", "100ms"))), 400, "invalid_schedule",
                "'every' must be at least 1s, got 100ms");
        assertRefused(api.postJson("/scripts", "{\"name\": "), 400, "invalid_json", null);
        assertEquals(404, api.get("/scripts/api-alert").status(), "nothing was registered");
    }

    @Test
    void anOversizedSourceIs413() {
        String big = "// " + "x".repeat(300 * 1024);
        assertRefused(api.register("api-alert", big), 413, "source_too_large",
                "the source is 307203 bytes; the limit is 262144 bytes (tidepool.scripts.max-source-bytes)");
        assertRefused(api.register("api-alert", "x".repeat(2 * 1024 * 1024)), 413, "payload_too_large", null);
    }

    @Test
    void aSecondScriptOfTheSameNameIs409() {
        api.create("api-alert", "1", null);
        assertRefused(api.register("api-alert", "2"), 409, "script_exists",
                "a script named 'api-alert' already exists; update it with PUT /scripts/api-alert");
    }

    @Test
    void unknownScriptsAndRunsAre404() {
        for (String path : new String[] {"/scripts/nobody", "/scripts/nobody/runs", "/runs/nothing", "/runs/nothing/output",
            "/runs/nothing/events", "/runs/nothing/output/stream"}) {
            Reply reply = api.get(path);
            assertEquals(404, reply.status(), path + " " + reply);
            assertEquals("not_found", reply.errorCode(), path);
        }
        assertEquals("no script named 'nobody'", api.post("/scripts/nobody/runs").errorMessage());
        assertEquals("no run with id 'nothing'", api.post("/runs/nothing/stop").errorMessage());
        assertEquals(404, api.delete("/scripts/nobody").status());
        assertEquals(404, api.put("/scripts/nobody", "{\"source\": \"1\"}").status());
    }

    @Test
    void theScriptApiIsOnlyOnTheAdminPort() {
        assertEquals(404, get(sdk("/scripts")).status(), "scripts never reach their own administration");
        assertEquals(404, get(sdk("/runs")).status());
        assertEquals(404, get(api.uri("/health")).status(), "and the SDK API is not on the admin port");
    }

    @Test
    void aCronScheduleRunsInItsTimeZone() {
        Reply created = api.register(Json.createObjectBuilder().add("name", "api-weekdays").add("source", "1")
                .add("schedule", Json.createObjectBuilder().add("cron", "0 30 9 * * MON-FRI").add("zone", "Europe/Berlin")));
        assertEquals(201, created.status(), created::toString);
        ZonedDateTime next = Instant.parse(created.json().getString("next_run")).atZone(ZoneId.of("Europe/Berlin"));
        assertEquals(9, next.getHour(), next::toString);
        assertEquals(30, next.getMinute(), next::toString);
        assertTrue(next.getDayOfWeek() != DayOfWeek.SATURDAY && next.getDayOfWeek() != DayOfWeek.SUNDAY, next::toString);
        assertRefused(api.put("/scripts/api-weekdays/schedule", "{\"cron\": \"every morning\"}"), 400, "invalid_schedule", null);
    }

    private static void assertRefused(Reply reply, int status, String code, String message) {
        assertEquals(status, reply.status(), reply::toString);
        assertEquals(code, reply.errorCode(), reply::toString);
        if (message != null) {
            assertEquals(message, reply.errorMessage());
        }
    }
}

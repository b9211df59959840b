package it.io.tidepool.scripts;

import static io.tidepool.platform.Jsonp.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.microshed.testing.SharedContainerConfig;
import org.microshed.testing.jupiter.MicroShedTest;

import it.io.tidepool.support.ContractTarget;
import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolImage;
import it.io.tidepool.support.TidepoolServer;
import it.io.tidepool.support.TidepoolUnderTest;

/**
 * Registering, reading, updating and deleting scripts on the admin port through the typed client (HTTPS, HTTP
 * Basic as the administrator), and what the API refuses. A contract IT: it runs against the build's server, or the
 * image with -Pimage-tests.
 */
@ExtendWith(ContractTarget.class)
@MicroShedTest
@SharedContainerConfig(TidepoolImage.class)
public class ScriptsApiIT {

    private static ScriptsClient api;

    @BeforeAll
    static void client() {
        api = TidepoolUnderTest.adminClient(ScriptsClient.class);
    }

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.delete("api-alert").close();
        api.delete("api-weekdays").close();
    }

    @Test
    void aScriptIsRegisteredReadUpdatedListedAndDeleted() {
        JsonObject script;
        try (Response created = api.register(JSON.createObjectBuilder().add("name", "api-alert").add("source", "console.log(1);")
                .add("description", "first").add("timeout", "10s").build())) {
            script = body(created, 201);
            assertEquals("/scripts/api-alert", created.getLocation().getPath());
        }
        assertEquals(1, script.getInt("version"));
        assertEquals("10s", script.getString("timeout"));
        assertEquals("console.log(1);", script.getString("source"));

        JsonObject updated = body(api.update("api-alert", JSON.createObjectBuilder().add("source", "console.log(2);")
                .add("schedule", JSON.createObjectBuilder().add("every", "1h")).build()), 200);
        assertEquals(2, updated.getInt("version"));
        assertTrue(updated.isNull("description"), "an update replaces the description");
        assertEquals("1h", updated.getJsonObject("schedule").getString("every"));
        Instant next = Instant.parse(updated.getString("next_run"));
        assertTrue(next.isAfter(Instant.now().plusSeconds(3500)), "next run in about an hour: " + next);

        assertEquals("console.log(2);", body(api.get("api-alert"), 200).getString("source"));
        JsonObject summary = body(api.list(), 200).getJsonArray("scripts").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals("api-alert")).findFirst().orElseThrow();
        assertTrue(!summary.containsKey("source"), "the list leaves sources out");

        assertStatus(204, api.unschedule("api-alert"));
        assertTrue(body(api.get("api-alert"), 200).isNull("schedule"));
        assertStatus(204, api.delete("api-alert"));
        assertStatus(404, api.get("api-alert"));
    }

    @Test
    void invalidDefinitionsAre400WithAClearMessage() {
        assertRefused(api.register(definition("bad name", "1").build()), 400, "invalid_name",
                "a script name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit, got 'bad name'");
        assertRefused(api.register(JSON.createObjectBuilder().add("name", "api-alert").build()), 400, "missing_field",
                "field 'source' (the script's TypeScript, a non-empty string) is required");
        assertRefused(api.register(JSON.createObjectBuilder().add("source", "1").build()), 400, "missing_field",
                "field 'name' is required: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        assertRefused(api.register(definition("api-alert", "1").add("timeout", "1h").build()),
                400, "invalid_field", "'timeout' 1h is longer than the server's limit of 20s (tidepool.scripts.timeout)");
        assertRefused(api.register(definition("api-alert", "1").add("schedule", JSON.createObjectBuilder().add("every", "100ms")).build()),
                400, "invalid_schedule", "'every' must be at least 1s, got 100ms");
        assertStatus(404, api.get("api-alert"));
    }

    @Test
    void aBodyThatIsNotJsonIs400() {
        // Malformed bytes, which no typed client sends: plain java.net.http.
        Reply reply = TidepoolServer.send(HttpRequest.newBuilder(TidepoolUnderTest.admin("/scripts"))
                .header("Authorization", TidepoolServer.asAdmin()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": ")));
        assertEquals(400, reply.status(), reply::toString);
        assertEquals("invalid_json", reply.errorCode());
    }

    @Test
    void anOversizedSourceIs413() {
        String big = "// " + "x".repeat(300 * 1024);
        assertRefused(api.register(definition("api-alert", big).build()), 413, "source_too_large",
                "the source is 307203 bytes; the limit is 262144 bytes (tidepool.scripts.max-source-bytes)");
        assertRefused(api.register(definition("api-alert", "x".repeat(2 * 1024 * 1024)).build()), 413, "payload_too_large", null);
    }

    @Test
    void aSecondScriptOfTheSameNameIs409() {
        assertStatus(201, api.register(definition("api-alert", "1").build()));
        assertRefused(api.register(definition("api-alert", "2").build()), 409, "script_exists",
                "a script named 'api-alert' already exists; update it with PUT /scripts/api-alert");
    }

    @Test
    void unknownScriptsAndRunsAre404() {
        for (Response reply : new Response[] {api.get("nobody"), api.runs("nobody"), api.runStatus("nothing"), api.output("nothing"),
            api.events("nothing")}) {
            assertRefused(reply, 404, "not_found", null);
        }
        assertRefused(api.run("nobody"), 404, "not_found", "no script named 'nobody'");
        assertRefused(api.stop("nothing"), 404, "not_found", "no run with id 'nothing'");
        assertStatus(404, api.delete("nobody"));
        assertStatus(404, api.update("nobody", JSON.createObjectBuilder().add("source", "1").build()));
    }

    @Test
    void theScriptApiIsOnlyOnTheAdminPort() {
        assertEquals(404, TidepoolServer.get(TidepoolUnderTest.sdk("/scripts")).status(), "scripts never reach their own administration");
        assertEquals(404, TidepoolServer.get(TidepoolUnderTest.sdk("/runs")).status());
        assertEquals(404, TidepoolServer.get(TidepoolUnderTest.admin("/health")).status(), "and the SDK API is not on the admin port");
    }

    @Test
    void aCronScheduleRunsInItsTimeZone() {
        JsonObject created = body(api.register(definition("api-weekdays", "1")
                .add("schedule", JSON.createObjectBuilder().add("cron", "0 30 9 * * MON-FRI").add("zone", "Europe/Berlin")).build()), 201);
        ZonedDateTime next = Instant.parse(created.getString("next_run")).atZone(ZoneId.of("Europe/Berlin"));
        assertEquals(9, next.getHour(), next::toString);
        assertEquals(30, next.getMinute(), next::toString);
        assertTrue(next.getDayOfWeek() != DayOfWeek.SATURDAY && next.getDayOfWeek() != DayOfWeek.SUNDAY, next::toString);
        assertRefused(api.schedule("api-weekdays", JSON.createObjectBuilder().add("cron", "every morning").build()), 400,
                "invalid_schedule", null);
    }

    private static JsonObjectBuilder definition(String name, String source) {
        return JSON.createObjectBuilder().add("name", name).add("source", source);
    }

    private static JsonObject body(Response response, int status) {
        try (response) {
            JsonObject body = response.readEntity(JsonObject.class);
            assertEquals(status, response.getStatus(), body::toString);
            return body;
        }
    }

    private static void assertStatus(int status, Response response) {
        try (response) {
            assertEquals(status, response.getStatus());
        }
    }

    private static void assertRefused(Response response, int status, String code, String message) {
        JsonObject error = body(response, status).getJsonObject("error");
        assertEquals(code, error.getString("code"), error::toString);
        if (message != null) {
            assertEquals(message, error.getString("message"));
        }
    }
}

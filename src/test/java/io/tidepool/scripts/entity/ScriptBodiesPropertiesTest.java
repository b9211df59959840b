package io.tidepool.scripts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.json.JsonObject;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;
import io.tidepool.platform.JsonArbitraries;

import static io.tidepool.platform.Jsonp.JSON;

/** Generated bodies of the script API: a definition or schedule whose durations are usable, or a 4xx. */
class ScriptBodiesPropertiesTest {

    @Property(tries = 2000)
    void aDefinitionIsUsableOrRefused(@ForAll("definitions") JsonObject body) {
        try {
            ScriptDefinition definition = ScriptDefinition.from(body, 1024);
            if (definition.timeout() != null) {
                definition.timeout().toNanos();
                HumanDuration.format(definition.timeout());
            }
            if (definition.schedule() != null) {
                usable(definition.schedule());
            }
        } catch (ApiException e) {
            assertTrue(e.status() == 400 || e.status() == 413, () -> e.status() + " " + e.code());
        }
    }

    @Property(tries = 2000)
    void aScheduleIsUsableOrA400(@ForAll("schedules") JsonObject body) {
        try {
            Schedule schedule = Schedule.parse(body);
            if (schedule != null) {
                usable(schedule);
            }
        } catch (ApiException e) {
            assertEquals(400, e.status());
            assertEquals("invalid_schedule", e.code());
        }
    }

    /** What the scheduler and the API do with a schedule must not overflow. */
    private static void usable(Schedule schedule) {
        schedule.toJson();
        schedule.toString();
        if (!schedule.isCron()) {
            assertTrue(schedule.every().compareTo(Duration.ofSeconds(1)) >= 0);
            schedule.every().toMillis();
        }
    }

    @Provide
    Arbitrary<JsonObject> definitions() {
        return Arbitraries.oneOf(JsonArbitraries.objects(List.of("name", "source", "description", "timeout", "schedule"), 2),
                durations().map(d -> JSON.createObjectBuilder().add("source", "1").add("timeout", d).build()));
    }

    @Provide
    Arbitrary<JsonObject> schedules() {
        return Arbitraries.oneOf(JsonArbitraries.objects(List.of("every", "cron", "zone"), 1),
                durations().map(d -> JSON.createObjectBuilder().add("every", d).build()),
                Arbitraries.of("* * * * *", "0 */5 * * * *", "0 0 30 2 *", "61 * * * *", "* * * * * * *", "@daily", "")
                        .map(c -> JSON.createObjectBuilder().add("cron", c).build()));
    }

    private static Arbitrary<String> durations() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 9_999_999_999_999L).flatMap(n ->
                Arbitraries.of("ms", "s", "m", "h", "d").map(u -> n + u)),
                Arbitraries.of("PT2562047788015215H", "P106751D", "P36500D", "PT0.0001S", "PT1.5S"));
    }
}

package io.tidepool.scripts.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.Test;

import io.tidepool.platform.ApiException;

class ScheduleTest {

    private static Schedule parse(String json) {
        return Schedule.parse(Json.createReader(new StringReader(json)).readValue());
    }

    private static ApiException refused(String json) {
        ApiException e = assertThrows(ApiException.class, () -> parse(json));
        assertEquals(400, e.status());
        assertEquals("invalid_schedule", e.code());
        return e;
    }

    @Test
    void aFixedInterval() {
        Schedule schedule = parse("{\"every\": \"30s\"}");
        assertEquals(Duration.ofSeconds(30), schedule.every());
        assertEquals("every 30s", schedule.toString());
        assertEquals("{\"every\":\"30s\"}", schedule.toJson().toString());
    }

    /**
     * Only expressions that fire every minute or more often here: the CronTrigger of the
     * jakarta.jakartaee-api 10.0.0 jar on the test class path fails on daily ones
     * (jakartaee/concurrency#274); Liberty's own copy does not, and ScheduleIT covers those.
     */
    @Test
    void aCronExpressionInUtcByDefaultOrInAZone() {
        assertEquals(new Schedule(null, "*/5 * * * *", ZoneOffset.UTC), parse("{\"cron\": \"*/5 * * * *\"}"));
        Schedule berlin = parse("{\"cron\": \"*/10 * * * * *\", \"zone\": \"Europe/Berlin\"}");
        assertEquals(ZoneId.of("Europe/Berlin"), berlin.zone());
        assertEquals("{\"cron\":\"*/10 * * * * *\",\"zone\":\"Europe/Berlin\"}", berlin.toJson().toString());
    }

    @Test
    void nullIsNoSchedule() {
        assertEquals(null, Schedule.parse(JsonValue.NULL));
        assertEquals(null, Schedule.parse(null));
    }

    @Test
    void badSchedulesSayWhatIsExpected() {
        assertEquals("a schedule has exactly one of 'every' (an interval such as \"30s\") or 'cron'",
                refused("{\"every\": \"30s\", \"cron\": \"* * * * *\"}").getMessage());
        assertEquals("a schedule has exactly one of 'every' (an interval such as \"30s\") or 'cron'", refused("{}").getMessage());
        assertEquals("'every' must be at least 1s, got 500ms", refused("{\"every\": \"500ms\"}").getMessage());
        assertTrue(refused("{\"every\": \"soon\"}").getMessage().startsWith("'every': invalid duration 'soon'"));
        assertEquals("unknown schedule field 'interval'; expected 'every', or 'cron' and 'zone'",
                refused("{\"interval\": \"30s\"}").getMessage());
        assertEquals("'zone' is not a time zone: 'Mars/Olympus' (use a name such as UTC or Europe/Berlin)",
                refused("{\"cron\": \"* * * * *\", \"zone\": \"Mars/Olympus\"}").getMessage());
        assertEquals("'zone' applies to 'cron' schedules only", refused("{\"every\": \"1m\", \"zone\": \"UTC\"}").getMessage());
        assertTrue(refused("\"every minute\"").getMessage().startsWith("'schedule' must be an object"));
    }

    @Test
    void aCronExpressionForADayNoMonthHasNeverFiresAndIsA400() {
        assertEquals("cron expression '0 0 30 2 *' never fires", refused("{\"cron\": \"0 0 30 2 *\"}").getMessage());
    }

    @Test
    void anIntervalLongerThanAHundredYearsIsRefusedNotOverflowed() {
        assertEquals("'every': '999999999999d' is longer than 36500d", refused("{\"every\": \"999999999999d\"}").getMessage());
    }

    @Test
    void aCronExpressionIsCheckedByJakartaConcurrencysParser() {
        String message = refused("{\"cron\": \"every day at noon\"}").getMessage();
        assertTrue(message.startsWith("'cron' is not a valid cron expression ('every day at noon'): "), message);
        assertTrue(message.endsWith("expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, "
                + "for example '0 */5 * * * *'"), message);
        assertTrue(refused("{\"cron\": \"61 * * * *\"}").getMessage().startsWith("'cron' is not a valid cron expression"));
    }
}

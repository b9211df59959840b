package io.tidepool.scripts.entity;

import static io.tidepool.platform.Jsonp.JSON;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Set;

import jakarta.enterprise.concurrent.CronTrigger;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;

/**
 * When a script runs by itself: at a fixed interval ({@code {"every": "30s"}}) or by a cron
 * expression in a time zone ({@code {"cron": "0 *&#47;5 * * * *", "zone": "Europe/Berlin"}}). Cron
 * expressions are Jakarta Concurrency's {@link CronTrigger} syntax (5 fields, or 6 with seconds
 * first), parsed by the container's own implementation: Tidepool has no cron parser of its own.
 */
public record Schedule(Duration every, String cron, ZoneId zone) {

    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Set<String> FIELDS = Set.of("every", "cron", "zone");

    public static Schedule every(Duration interval) {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw ApiException.badRequest("invalid_schedule", "'every' must be at least " + HumanDuration.format(MIN_INTERVAL)
                    + ", got " + HumanDuration.format(interval));
        }
        return new Schedule(interval, null, null);
    }

    public static Schedule cron(String expression, ZoneId zone) {
        CronTrigger trigger;
        try {
            trigger = new CronTrigger(expression, zone);
        } catch (RuntimeException e) {
            throw ApiException.badRequest("invalid_schedule", "'cron' is not a valid cron expression ('" + expression
                    + "'): " + e.getMessage() + "; expected 5 fields (minute hour day-of-month month day-of-week) "
                    + "or 6 with seconds first, for example '0 */5 * * * *'");
        }
        if (!fires(trigger, zone)) {
            throw ApiException.badRequest("invalid_schedule", "cron expression '" + expression + "' never fires");
        }
        return new Schedule(null, expression, zone);
    }

    /**
     * Whether the trigger has a next time: Liberty's CronTrigger answers null for some expressions
     * that never fire and throws DateTimeException for others (a day no month has, such as 30 February).
     */
    private static boolean fires(CronTrigger trigger, ZoneId zone) {
        try {
            return trigger.getNextRunTime(null, ZonedDateTime.now(zone)) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    public boolean isCron() {
        return cron != null;
    }

    /** An example of a valid schedule body, for error messages. */
    public static final String EXAMPLE = "{\"every\": \"30s\"}";

    /** Reads {@code {"every": "30s"}} or {@code {"cron": "...", "zone": "UTC"}}; null for JSON null (no schedule). */
    public static Schedule parse(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("invalid_schedule",
                    "'schedule' must be an object like {\"every\": \"30s\"} or {\"cron\": \"0 */5 * * * *\", \"zone\": \"UTC\"}");
        }
        for (String field : object.keySet()) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("invalid_schedule", "unknown schedule field '" + field + "'; expected 'every', or 'cron' and 'zone'");
            }
        }
        boolean hasEvery = object.containsKey("every");
        boolean hasCron = object.containsKey("cron");
        if (hasEvery == hasCron) {
            throw ApiException.badRequest("invalid_schedule", "a schedule has exactly one of 'every' (an interval such as \"30s\") or 'cron'");
        }
        if (hasEvery) {
            if (object.containsKey("zone")) {
                throw ApiException.badRequest("invalid_schedule", "'zone' applies to 'cron' schedules only");
            }
            return every(duration(object.get("every")));
        }
        return cron(text(object.get("cron"), "cron"), zone(object.get("zone")));
    }

    private static Duration duration(JsonValue value) {
        try {
            return HumanDuration.parse(text(value, "every"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_schedule", "'every': " + e.getMessage());
        }
    }

    private static ZoneId zone(JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return ZoneOffset.UTC;
        }
        String zone = text(value, "zone");
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw ApiException.badRequest("invalid_schedule", "'zone' is not a time zone: '" + zone + "' (use a name such as UTC or Europe/Berlin)");
        }
    }

    private static String text(JsonValue value, String field) {
        if (!(value instanceof JsonString s) || s.getString().isBlank()) {
            throw ApiException.badRequest("invalid_schedule", "'" + field + "' must be a non-empty string");
        }
        return s.getString().strip();
    }

    public JsonObject toJson() {
        return isCron()
                ? JSON.createObjectBuilder().add("cron", cron).add("zone", zone.getId()).build()
                : JSON.createObjectBuilder().add("every", HumanDuration.format(every)).build();
    }

    @Override
    public String toString() {
        return isCron() ? "cron '" + cron + "' (" + zone.getId() + ")" : "every " + HumanDuration.format(every);
    }
}

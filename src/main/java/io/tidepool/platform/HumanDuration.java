package io.tidepool.platform;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d},
 * and (for configuration) ISO-8601 such as {@code PT30S}. A positive whole number and one unit;
 * anything else is rejected with a message that says what is accepted.
 */
public final class HumanDuration {

    public static final String ACCEPTED = "a positive whole number followed by ms, s, m, h or d (for example 500ms, 30s, 5m, 1h)";

    private HumanDuration() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty; expected " + ACCEPTED);
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt") || value.startsWith("p")) {
            return positive(text, iso(text));
        }
        int unitStart = 0;
        while (unitStart < value.length() && Character.isDigit(value.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > 12) {
            throw invalid(text);
        }
        long amount = Long.parseLong(value.substring(0, unitStart));
        Duration duration = switch (value.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw invalid(text);
        };
        return positive(text, duration);
    }

    /** Formats a duration the way {@link #parse} reads it, in the largest exact unit. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }

    private static Duration iso(String text) {
        try {
            return Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw invalid(text);
        }
    }

    private static Duration positive(String text, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(text);
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text + "'; expected " + ACCEPTED);
    }
}

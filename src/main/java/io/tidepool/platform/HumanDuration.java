package io.tidepool.platform;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d},
 * and (for configuration) ISO-8601 such as {@code PT30S}. A positive whole number and one unit, in
 * whole milliseconds, at most {@link #MAX} (so every duration it returns converts to nanoseconds
 * without overflow, whatever its caller computes from it); anything else is rejected with a message
 * that says what is accepted. A caller with a narrower range passes its own maximum.
 */
public final class HumanDuration {

    public static final String ACCEPTED = "a positive whole number followed by ms, s, m, h or d (for example 500ms, 30s, 5m, 1h)";

    /** The longest duration anything accepts: about 100 years, far inside {@code Duration.toNanos()}'s 292. */
    public static final Duration MAX = Duration.ofDays(36_500);

    /** Digits of the amount: 13 hold {@link #MAX} in milliseconds and cannot overflow {@code Duration.ofDays}. */
    private static final int MAX_DIGITS = 13;

    private HumanDuration() {
    }

    public static Duration parse(String text) {
        return parse(text, MAX);
    }

    /** Like {@link #parse(String)}, with {@code max} (at most {@link #MAX}) as the longest duration accepted. */
    public static Duration parse(String text, Duration max) {
        if (max.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("a maximum of " + format(max) + " is above " + format(MAX));
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is empty; expected " + ACCEPTED);
        }
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt") || value.startsWith("p")) {
            return checked(text, iso(text), max);
        }
        int unitStart = 0;
        // ASCII digits only: Character.isDigit would also take other scripts' digits.
        while (unitStart < value.length() && value.charAt(unitStart) >= '0' && value.charAt(unitStart) <= '9') {
            unitStart++;
        }
        if (unitStart == 0 || unitStart > MAX_DIGITS) {
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
        return checked(text, duration, max);
    }

    /**
     * Formats a duration the way {@link #parse} reads it, in the largest exact unit. Works in whole
     * seconds where it can, so no duration {@link #parse} returns, nor any whole number of seconds,
     * overflows it.
     */
    public static String format(Duration duration) {
        if (duration.getNano() != 0) {
            return duration.toMillis() + "ms";
        }
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Duration iso(String text) {
        try {
            return Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw invalid(text);
        }
    }

    private static Duration checked(String text, Duration duration, Duration max) {
        if (duration.isNegative() || duration.isZero() || duration.getNano() % 1_000_000 != 0) {
            throw invalid(text);
        }
        if (duration.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + text + "' is longer than " + format(max));
        }
        return duration;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text + "'; expected " + ACCEPTED);
    }
}

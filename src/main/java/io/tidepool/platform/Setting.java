package io.tidepool.platform;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One Tidepool setting: its key, its default as docs/configuration.md gives it (null where
 * server.xml supplies it or there is none), and what a valid value looks like.
 */
public record Setting(String key, String defaultValue, Rule rule) {

    /** Checks one value as written (never null). */
    @FunctionalInterface
    public interface Rule {

        /** Null when {@code value} is valid, otherwise what it must be ("must be ..."). */
        String problem(String value);
    }

    private static final Pattern MEMORY = Pattern.compile(
            "\\d+(\\.\\d+)?\\s*(%|b|bytes?|[kmgt]i?b|(kilo|mega|giga|tera)bytes?)", Pattern.CASE_INSENSITIVE);

    /** A whole number from {@code min} to {@code max}. */
    public static Setting whole(String key, String defaultValue, long min, long max) {
        boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
        String expected = unbounded ? "must be a whole number of at least " + min : "must be a whole number from " + min + " to " + max;
        return new Setting(key, defaultValue, value -> {
            long number;
            try {
                number = Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                return expected;
            }
            if (number >= min && number <= max) {
                return null;
            }
            return number > max && unbounded ? "must be a whole number of at most " + max : expected;
        });
    }

    /** A whole number of at least {@code min} that the code holds in an {@code int}. */
    public static Setting whole(String key, String defaultValue, long min) {
        return whole(key, defaultValue, min, Integer.MAX_VALUE);
    }

    /** A whole number of at least {@code min} that the code holds in a {@code long} (bytes, rows). */
    public static Setting wholeLong(String key, String defaultValue, long min) {
        return whole(key, defaultValue, min, Long.MAX_VALUE);
    }

    /** A TCP port. */
    public static Setting port(String key, String defaultValue) {
        return whole(key, defaultValue, 1, 65_535);
    }

    /** A positive duration as {@link HumanDuration} reads it. */
    public static Setting duration(String key, String defaultValue) {
        return new Setting(key, defaultValue, value -> {
            try {
                HumanDuration.parse(value);
                return null;
            } catch (IllegalArgumentException e) {
                return "must be " + HumanDuration.ACCEPTED;
            }
        });
    }

    /**
     * Exactly {@code true} or {@code false}. MicroProfile Config reads anything it does not know as
     * false, so a misspelt {@code tidepool.query.require-token=ture} would silently leave the SDK open.
     */
    public static Setting flag(String key, String defaultValue) {
        return new Setting(key, defaultValue, value -> value.strip().equalsIgnoreCase("true")
                || value.strip().equalsIgnoreCase("false") ? null : "must be true or false");
    }

    /** Any text that is not blank: a host, a path, a user name. */
    public static Setting text(String key, String defaultValue) {
        return new Setting(key, defaultValue, value -> value.isBlank() ? "must not be empty" : null);
    }

    /** Anything, including nothing (a password). */
    public static Setting any(String key) {
        return new Setting(key, null, value -> null);
    }

    /** One of {@code choices}, in any case. */
    public static Setting oneOf(String key, String defaultValue, String... choices) {
        return new Setting(key, defaultValue, value -> Arrays.stream(choices).anyMatch(choice -> choice.equalsIgnoreCase(value.strip()))
                ? null : "must be one of " + String.join(", ", choices));
    }

    /** An amount of memory as DuckDB reads it: {@code 2GB}, {@code 512MiB}, {@code 80%}. */
    public static Setting memory(String key, String defaultValue) {
        return new Setting(key, defaultValue, value -> MEMORY.matcher(value.strip()).matches()
                ? null : "must be an amount of memory such as 2GB, 512MiB or 80%");
    }

    /** An {@code http} or {@code https} URL with a host and a port. */
    public static Setting httpUrl(String key, String defaultValue) {
        return new Setting(key, defaultValue, value -> {
            try {
                URI uri = new URI(value.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getPort() > 0
                        ? null : "must be an http URL with a host and a port, such as http://127.0.0.1:9003";
            } catch (java.net.URISyntaxException e) {
                return "must be an http URL with a host and a port, such as http://127.0.0.1:9003";
            }
        });
    }

    /** This setting, also accepting {@code 0} (which means "off"). */
    public Setting orZero(String meaning) {
        Rule inner = rule;
        return new Setting(key, defaultValue, value -> value.strip().equals("0") || inner.problem(value) == null
                ? null : "must be 0 (" + meaning + ") or " + inner.problem(value).substring("must be ".length()));
    }

    /** The same setting with a reason appended to its rule's message. */
    public Setting because(String reason) {
        Rule inner = rule;
        return new Setting(key, defaultValue, value -> {
            String problem = inner.problem(value);
            return problem == null ? null : problem + " (" + reason + ")";
        });
    }

    /** Null when {@code value} is valid, else a sentence naming the setting, the value and what it must be. */
    public String check(String value) {
        String problem = rule.problem(value);
        return problem == null ? null : key + " is \"" + value + "\"; it " + problem;
    }
}

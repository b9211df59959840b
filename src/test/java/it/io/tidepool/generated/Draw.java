package it.io.tidepool.generated;

import java.util.List;
import java.util.Random;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Seeded random choices for the generated requests: the same seed draws the same requests. */
final class Draw {

    /** Text that trips parsers: empty, blank, control and surrogate-free Unicode, quotes, SQL and path fragments. */
    private static final List<String> AWKWARD = List.of("", " ", "\t", "null", "undefined", "0", "-1", "NaN", "1e400",
            "'", "\"", "\\", "%", "%00", "../../etc/passwd", "' OR '1'='1", "; DROP TABLE otel_spans_local; --", "😀", "Ω≈ç√",
            "\u0000", "\u202e", "a".repeat(300), "<script>", "${jndi:x}", "{}", "[]", "?", "$1", "*");

    private final Random random;

    Draw(long seed) {
        this.random = new Random(seed);
    }

    int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    long anyLong() {
        return random.nextLong();
    }

    double anyDouble() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextDouble();
            case 1 -> random.nextGaussian() * 1e6;
            case 2 -> Double.longBitsToDouble(random.nextLong());
            default -> pick(List.of(0.0, -0.0, 1.5, 1e308, -1e-308, 0.99, 1.0));
        };
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    byte[] exactly(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    byte[] bytes(int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Any string: awkward, random Unicode (no lone surrogates, so it travels as UTF-8), or digits. */
    String text() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(AWKWARD);
            case 1 -> unicode(between(0, 20));
            case 2 -> String.valueOf(random.nextLong());
            default -> ascii(between(0, 12));
        };
    }

    String ascii(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) between(32, 126));
        }
        return text.toString();
    }

    String unicode(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int codePoint;
            do {
                codePoint = random.nextInt(0x2FFFF);
            } while (Character.getType(codePoint) == Character.SURROGATE || Character.getType(codePoint) == Character.UNASSIGNED);
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    /** A duration as a caller might write one, valid or not, including amounts that overflow nanoseconds. */
    String duration() {
        return switch (random.nextInt(5)) {
            case 0 -> pick("5m", "1h", "30s", "500ms", "2d", "366d", "367d", "8784h", "8785h", "99999999h", "9999999999999d",
                    "PT5M", "PT99999999999H", "P106752D", "0", "0s", "-5m", "5", "m", "1y", "1.5h", " 5m ", "5 m", "PT0.0001S", "");
            case 1 -> Math.abs(random.nextLong() % 10_000_000_000_000L) + pick("ms", "s", "m", "h", "d");
            case 2 -> random.nextInt(1000) + pick("ms", "s", "m", "h", "d");
            case 3 -> random.nextLong() + pick("ms", "s", "m", "h", "d", "");
            default -> text();
        };
    }

    /** A JSON scalar of any kind. */
    JsonValue scalar() {
        return switch (random.nextInt(8)) {
            case 0 -> Json.createValue(text());
            case 1 -> Json.createValue(random.nextLong());
            case 2 -> Json.createValue(between(-5, 100));
            case 3 -> {
                double d = anyDouble();
                yield Json.createValue(Double.isFinite(d) ? d : 0.5);
            }
            case 4 -> Json.createValue(new java.math.BigInteger(between(1, 60), random).multiply(java.math.BigInteger.valueOf(pick(1, -1))));
            case 5 -> pick(JsonValue.TRUE, JsonValue.FALSE);
            case 6 -> JsonValue.NULL;
            default -> Json.createValue(pick("2024-01-02", "2024-01-02T03:04:05Z", "abc", "1", "{\"a\":1}", "[1,2]", "00000000-0000-0000-0000-000000000000", "3.14"));
        };
    }

    /** Any JSON value, nested up to {@code depth}. */
    JsonValue value(int depth) {
        if (depth == 0 || chance(0.7)) {
            return scalar();
        }
        if (chance(0.5)) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (int i = between(0, 3); i > 0; i--) {
                array.add(value(depth - 1));
            }
            return array.build();
        }
        JsonObjectBuilder object = Json.createObjectBuilder();
        for (int i = between(0, 3); i > 0; i--) {
            object.add(pick("a", "b", text()), value(depth - 1));
        }
        return object.build();
    }

    /** {@code text} cut short at a random place (a truncated body). */
    String truncated(String text) {
        return text.substring(0, random.nextInt(text.length() + 1));
    }
}

package io.tidepool.deploy;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory sizes as the three notations in play write them: the JVM's, Kubernetes' and DuckDB's. */
final class Quantities {

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)$");

    private Quantities() {
    }

    /** -Xmx1g, -Xmx512m: binary multiples, case-insensitive. */
    static long bytes(String javaSize) {
        Matcher m = parse(javaSize);
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "" -> (long) Double.parseDouble(m.group(1));
            case "k" -> scale(m, 1L << 10);
            case "m" -> scale(m, 1L << 20);
            case "g" -> scale(m, 1L << 30);
            case "t" -> scale(m, 1L << 40);
            default -> throw new IllegalArgumentException("not a JVM size: " + javaSize);
        };
    }

    /** resources.limits.memory: 4Gi, 512Mi (binary) or 4G, 512M (decimal). */
    static long kubernetesBytes(String quantity) {
        Matcher m = parse(quantity);
        return switch (m.group(2)) {
            case "" -> (long) Double.parseDouble(m.group(1));
            case "Ki" -> scale(m, 1L << 10);
            case "Mi" -> scale(m, 1L << 20);
            case "Gi" -> scale(m, 1L << 30);
            case "Ti" -> scale(m, 1L << 40);
            case "k" -> scale(m, 1_000L);
            case "M" -> scale(m, 1_000_000L);
            case "G" -> scale(m, 1_000_000_000L);
            case "T" -> scale(m, 1_000_000_000_000L);
            default -> throw new IllegalArgumentException("not a Kubernetes quantity: " + quantity);
        };
    }

    /** memory_limit: 2GB (decimal), 2GiB (binary), as DuckDB reads them. */
    static long duckdbBytes(String size) {
        Matcher m = parse(size);
        return switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "B", "" -> (long) Double.parseDouble(m.group(1));
            case "KB" -> scale(m, 1_000L);
            case "MB" -> scale(m, 1_000_000L);
            case "GB" -> scale(m, 1_000_000_000L);
            case "TB" -> scale(m, 1_000_000_000_000L);
            case "KIB" -> scale(m, 1L << 10);
            case "MIB" -> scale(m, 1L << 20);
            case "GIB" -> scale(m, 1L << 30);
            case "TIB" -> scale(m, 1L << 40);
            default -> throw new IllegalArgumentException("not a DuckDB size: " + size);
        };
    }

    static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static Matcher parse(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        return m;
    }

    private static long scale(Matcher m, long unit) {
        return (long) (Double.parseDouble(m.group(1)) * unit);
    }
}

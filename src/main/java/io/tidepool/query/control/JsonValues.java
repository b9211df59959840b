package io.tidepool.query.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.duckdb.DuckDBStruct;
import org.duckdb.JsonNode;

/**
 * How DuckDB values become JSON (docs/api.md, "Value mapping"). Integers stay exact: JSON numbers
 * up to 2^53-1 in magnitude (what a JavaScript number holds exactly), decimal strings beyond.
 * Non-finite doubles become the strings "NaN", "Infinity", "-Infinity". Timestamps are ISO-8601
 * in UTC; the database runs in UTC, so naive TIMESTAMP values are UTC too.
 */
public final class JsonValues {

    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** DECIMAL values with more significant digits than this are not exact as a JSON (double) number. */
    public static final int MAX_EXACT_DECIMAL_DIGITS = 15;

    private static final BigInteger MAX_SAFE = BigInteger.valueOf(MAX_SAFE_INTEGER);

    private JsonValues() {
    }

    public static void integer(TextBuffer out, long value) {
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
            out.raw('"').raw(Long.toString(value)).raw('"');
        } else {
            out.number(value);
        }
    }

    public static void integer(TextBuffer out, BigInteger value) {
        if (value.abs().compareTo(MAX_SAFE) > 0) {
            out.raw('"').raw(value.toString()).raw('"');
        } else {
            out.number(value.longValue());
        }
    }

    public static void floating(TextBuffer out, double value) {
        if (Double.isNaN(value)) {
            out.raw("\"NaN\"");
        } else if (Double.isInfinite(value)) {
            out.raw(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.raw(Double.toString(value));
        }
    }

    public static void floating(TextBuffer out, float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            floating(out, (double) value);
        } else {
            out.raw(Float.toString(value));
        }
    }

    public static void decimal(TextBuffer out, BigDecimal value) {
        if (value.precision() > MAX_EXACT_DECIMAL_DIGITS) {
            out.raw('"').raw(value.toPlainString()).raw('"');
        } else {
            out.raw(value.toPlainString());
        }
    }

    public static void instant(TextBuffer out, Instant value) {
        out.raw('"').raw(value.toString()).raw('"');
    }

    public static void localDateTime(TextBuffer out, LocalDateTime value) {
        instant(out, value.toInstant(ZoneOffset.UTC));
    }

    public static void bytes(TextBuffer out, byte[] value) {
        out.raw('"').raw(Base64.getEncoder().encodeToString(value)).raw('"');
    }

    /** Any value the JDBC driver returns from getObject, including nested LIST, STRUCT and MAP values. */
    public static void any(TextBuffer out, Object value) throws SQLException {
        if (value == null) {
            out.nullValue();
        } else if (value instanceof String s) {
            out.string(s);
        } else if (value instanceof Boolean b) {
            out.bool(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            integer(out, ((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            integer(out, big);
        } else if (value instanceof Double d) {
            floating(out, d);
        } else if (value instanceof Float f) {
            floating(out, f);
        } else if (value instanceof BigDecimal dec) {
            decimal(out, dec);
        } else if (value instanceof OffsetDateTime odt) {
            instant(out, odt.toInstant());
        } else if (value instanceof Timestamp ts) {
            localDateTime(out, ts.toLocalDateTime());
        } else if (value instanceof LocalDateTime ldt) {
            localDateTime(out, ldt);
        } else if (value instanceof LocalDate || value instanceof LocalTime || value instanceof OffsetTime
                || value instanceof UUID) {
            out.string(value.toString());
        } else if (value instanceof JsonNode json) {
            out.rawUtf8(json.toString());
        } else if (value instanceof byte[] raw) {
            bytes(out, raw);
        } else if (value instanceof Blob blob) {
            bytes(out, blob.getBytes(1, (int) blob.length()));
        } else if (value instanceof Array array) {
            list(out, (Object[]) array.getArray());
        } else if (value instanceof DuckDBStruct struct) {
            map(out, struct.getMap());
        } else if (value instanceof Map<?, ?> map) {
            map(out, map);
        } else {
            out.string(value.toString());
        }
    }

    private static void list(TextBuffer out, Object[] values) throws SQLException {
        out.raw('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.raw(',');
            }
            any(out, values[i]);
        }
        out.raw(']');
    }

    /** STRUCT fields and MAP entries become object members; MAP keys of other types are written as text. */
    private static void map(TextBuffer out, Map<?, ?> map) throws SQLException {
        out.raw('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.raw(',');
            }
            first = false;
            out.string(String.valueOf(entry.getKey())).raw(':');
            any(out, entry.getValue());
        }
        out.raw('}');
    }
}

package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * Writes one column of the current row as a JSON value. Chosen once per result from the column's
 * DuckDB type, so the common types are read with primitive getters rather than boxed objects.
 */
@FunctionalInterface
public interface ColumnWriter {

    void write(ResultSet row, int column, TextBuffer out) throws SQLException;

    /** The writer for a column of the given DuckDB type name (ResultSetMetaData#getColumnTypeName). */
    static ColumnWriter forType(String duckdbType) {
        String type = duckdbType == null ? "" : duckdbType;
        if (type.startsWith("DECIMAL")) {
            return (row, column, out) -> {
                var value = row.getBigDecimal(column);
                if (value == null) {
                    out.nullValue();
                } else {
                    JsonValues.decimal(out, value);
                }
            };
        }
        return switch (type) {
            case "BOOLEAN" -> (row, column, out) -> {
                boolean value = row.getBoolean(column);
                if (row.wasNull()) {
                    out.nullValue();
                } else {
                    out.bool(value);
                }
            };
            case "TINYINT", "SMALLINT", "INTEGER", "UTINYINT", "USMALLINT", "UINTEGER", "BIGINT" -> (row, column, out) -> {
                long value = row.getLong(column);
                if (row.wasNull()) {
                    out.nullValue();
                } else {
                    JsonValues.integer(out, value);
                }
            };
            case "DOUBLE" -> (row, column, out) -> {
                double value = row.getDouble(column);
                if (row.wasNull()) {
                    out.nullValue();
                } else {
                    JsonValues.floating(out, value);
                }
            };
            case "FLOAT" -> (row, column, out) -> {
                float value = row.getFloat(column);
                if (row.wasNull()) {
                    out.nullValue();
                } else {
                    JsonValues.floating(out, value);
                }
            };
            case "VARCHAR", "ENUM", "BIT", "INTERVAL", "UUID" -> (row, column, out) -> {
                String value = row.getString(column);
                if (value == null) {
                    out.nullValue();
                } else {
                    out.string(value);
                }
            };
            case "JSON" -> (row, column, out) -> {
                String value = row.getString(column);
                if (value == null) {
                    out.nullValue();
                } else {
                    out.rawUtf8(value);
                }
            };
            case "TIMESTAMP WITH TIME ZONE" -> (row, column, out) -> {
                OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
                if (value == null) {
                    out.nullValue();
                } else {
                    JsonValues.instant(out, value.toInstant());
                }
            };
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> (row, column, out) -> {
                LocalDateTime value = row.getObject(column, LocalDateTime.class);
                if (value == null) {
                    out.nullValue();
                } else {
                    JsonValues.localDateTime(out, value);
                }
            };
            case "DATE" -> stringOf(LocalDate.class);
            case "TIME" -> stringOf(LocalTime.class);
            case "TIME WITH TIME ZONE" -> stringOf(OffsetTime.class);
            case "BLOB" -> (row, column, out) -> {
                byte[] value = row.getBytes(column);
                if (value == null) {
                    out.nullValue();
                } else {
                    JsonValues.bytes(out, value);
                }
            };
            default -> (row, column, out) -> JsonValues.any(out, row.getObject(column));
        };
    }

    private static ColumnWriter stringOf(Class<?> javaType) {
        return (row, column, out) -> {
            Object value = row.getObject(column, javaType);
            if (value == null) {
                out.nullValue();
            } else {
                out.string(value.toString());
            }
        };
    }
}

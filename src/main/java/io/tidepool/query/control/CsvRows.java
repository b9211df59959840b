package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * CSV (RFC 4180, CRLF line ends): a header line of column names, then one line per row. A value is
 * written as its JSON mapping without the JSON string quotes: text as text, numbers, booleans,
 * timestamps as ISO-8601, LIST/STRUCT/MAP/JSON as their JSON text, NULL as an empty field.
 * CSV has no place for a summary: the row count, truncation and a failure after the first bytes
 * travel as HTTP trailers (measured: Liberty ends a chunked body normally even when the writer
 * throws, so breaking the body is not available to say it is incomplete).
 */
final class CsvRows implements RowEncoder {

    private final ResultColumns columns;
    private final TextBuffer value = new TextBuffer(256);

    CsvRows(ResultColumns columns) {
        this.columns = columns;
    }

    @Override
    public void begin(TextBuffer out) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.csvField(columns.names().get(i));
        }
        out.raw("\r\n");
    }

    @Override
    public void row(ResultSet row, long index, TextBuffer out) throws SQLException {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            value.reset();
            columns.writers().get(i).write(row, i + 1, value);
            field(value.toString(), out);
        }
        out.raw("\r\n");
    }

    @Override
    public void end(StreamSummary summary, TextBuffer out) {
        // The summary goes into trailers (see the resource); the body ends with the last row.
    }

    /** One value from its JSON encoding: null is empty, a JSON string loses its quotes and escapes. */
    static void field(String json, TextBuffer out) {
        if (json.equals("null")) {
            return;
        }
        out.csvField(json.startsWith("\"") ? unquote(json) : json);
    }

    /** Reads back a JSON string as written by {@link TextBuffer#string}. */
    static String unquote(String json) {
        StringBuilder text = new StringBuilder(json.length());
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(escaped);
            }
        }
        return text.toString();
    }
}

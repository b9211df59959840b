package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;

import io.tidepool.platform.ApiException;

/**
 * The seed's document: {@code {"columns":[{"name","type"}],"rows":[{...}],"count":n,"truncated":b}},
 * with an {@code "error"} member when the result failed after its first bytes.
 */
final class SeedJsonRows implements RowEncoder {

    private final ResultColumns columns;
    /** {@code {"name":} and {@code ,"name":} for each column, encoded once. */
    private final byte[][] keys;

    SeedJsonRows(ResultColumns columns) {
        this.columns = columns;
        keys = new byte[columns.size()][];
        for (int i = 0; i < keys.length; i++) {
            String name = columns.names().get(i);
            keys[i] = new TextBuffer(name.length() + 4).raw(i == 0 ? '{' : ',').string(name).raw(':').toByteArray();
        }
    }

    @Override
    public void begin(TextBuffer out) {
        out.raw("{\"columns\":[");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.raw("{\"name\":").string(columns.names().get(i)).raw(",\"type\":").string(columns.types().get(i)).raw('}');
        }
        out.raw("],\"rows\":[");
    }

    @Override
    public void row(ResultSet row, long index, TextBuffer out) throws SQLException {
        if (index > 0) {
            out.raw(',');
        }
        writeObject(row, out);
    }

    /** The row as one JSON object keyed by column name. */
    void writeObject(ResultSet row, TextBuffer out) throws SQLException {
        for (int i = 0; i < keys.length; i++) {
            out.raw(keys[i]);
            columns.writers().get(i).write(row, i + 1, out);
        }
        out.raw(keys.length == 0 ? "{}" : "}");
    }

    @Override
    public void end(StreamSummary summary, TextBuffer out) {
        out.raw("],");
        summary(summary, out);
        out.raw('}');
    }

    /** {@code "count":n,"truncated":b[,"error":{...}]}, shared with NDJSON's closing line. */
    static void summary(StreamSummary summary, TextBuffer out) {
        out.raw("\"count\":").number(summary.count()).raw(",\"truncated\":").bool(summary.truncated());
        ApiException failure = summary.failure();
        if (failure != null) {
            out.raw(",\"error\":{\"code\":").string(failure.code()).raw(",\"message\":").string(failure.getMessage()).raw('}');
        }
    }
}

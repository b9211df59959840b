package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Newline-delimited JSON: one row object per line, in the seed's row shape, then one closing line
 * {@code {"_tidepool":{"count":n,"truncated":b[,"error":{...}]}}} so a reader can tell a complete
 * result from a cut one.
 */
final class NdjsonRows implements RowEncoder {

    private final SeedJsonRows objects;

    NdjsonRows(ResultColumns columns) {
        objects = new SeedJsonRows(columns);
    }

    @Override
    public void begin(TextBuffer out) {
        // Nothing before the first row: every line is a complete JSON value.
    }

    @Override
    public void row(ResultSet row, long index, TextBuffer out) throws SQLException {
        objects.writeObject(row, out);
        out.raw('\n');
    }

    @Override
    public void end(StreamSummary summary, TextBuffer out) {
        out.raw("{\"_tidepool\":{");
        SeedJsonRows.summary(summary, out);
        out.raw("}}\n");
    }
}

package io.tidepool.query.control;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Writes one result format around and between the rows that {@link OpenQuery} reads. */
interface RowEncoder {

    /** Everything before the first row. */
    void begin(TextBuffer out);

    /** The current row of {@code row}; {@code index} counts from 0. */
    void row(ResultSet row, long index, TextBuffer out) throws SQLException;

    /** Everything after the last row. */
    void end(StreamSummary summary, TextBuffer out);
}

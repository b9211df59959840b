package io.tidepool.ingest.control;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work that must run on the writer thread between two commits, such as retention deletes and the
 * checkpoint after them: serialising it with the inserts means no write-write conflict and no
 * commit between a delete and its checkpoint.
 */
@FunctionalInterface
public interface WriterTask<T> {

    T run(Connection connection) throws SQLException, InterruptedException;
}

package io.tidepool.storage;

import java.sql.SQLException;

/**
 * What a DuckDB error means for the caller, read from the error type that DuckDB puts at the start
 * of every message ("Binder Error: ...", "Permission Error: ..."). The JDBC driver sets no SQLState,
 * so the type prefix is the engine's own classification.
 */
public enum DatabaseError {
    /** The SQL itself is wrong: syntax, unknown table or column, bad cast, wrong parameters. */
    CALLER,
    /** The engine refused: a write in a read-only transaction, file or extension access, a locked setting. */
    FORBIDDEN,
    /** The statement was cancelled (deadline or shutdown). */
    INTERRUPTED,
    /** DuckDB ran out of its memory budget. */
    OUT_OF_MEMORY,
    /** Anything else: I/O, internal or fatal engine errors. */
    SERVER;

    public static DatabaseError of(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Permission Error")
                || message.contains("transaction is launched in read-only mode")
                || message.contains("the configuration has been locked")
                || message.contains("disabled through configuration")
                || message.contains("disabled by configuration")) {
            return FORBIDDEN;
        }
        if (message.startsWith("INTERRUPT Error") || message.contains("Interrupted!")) {
            return INTERRUPTED;
        }
        if (message.startsWith("Out of Memory Error")) {
            return OUT_OF_MEMORY;
        }
        for (String type : CALLER_TYPES) {
            if (message.startsWith(type)) {
                return CALLER;
            }
        }
        return SERVER;
    }

    private static final String[] CALLER_TYPES = {
        "Parser Error", "Syntax Error", "Binder Error", "Catalog Error", "Conversion Error",
        "Invalid Input Error", "Out of Range Error", "Not implemented Error", "Type Error",
        "Mismatch Type Error", "Invalid type Error", "Constraint Error", "Parameter Not Allowed Error",
        "Parameter Not Resolved Error", "Dependency Error", "Sequence Error", "Invalid Error",
        "Missing Extension Error", "Serialization Error", "TransactionContext Error", "Expression Error"
    };
}

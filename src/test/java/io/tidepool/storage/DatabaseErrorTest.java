package io.tidepool.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Messages as DuckDB 2.0 writes them (copied from real failures). */
class DatabaseErrorTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "Binder Error: Referenced column \"x\" not found in FROM clause! | CALLER",
        "Parser Error: syntax error at or near \"SELEC\" | CALLER",
        "Catalog Error: Table with name nope does not exist! | CALLER",
        "Conversion Error: Could not convert string 'a' to INT32 | CALLER",
        "Invalid Input Error: Values were not provided for the following prepared statement parameters: 1 | CALLER",
        "Permission Error: Cannot access file \"/etc/passwd\" - file system operations are disabled by configuration | FORBIDDEN",
        "TransactionContext Error: Cannot write to database \"agent\" - transaction is launched in read-only mode | FORBIDDEN",
        "Invalid Input Error: Cannot change configuration option \"threads\" - the configuration has been locked | FORBIDDEN",
        "Permission Error: Loading external extensions is disabled through configuration | FORBIDDEN",
        "INTERRUPT Error: Interrupted! | INTERRUPTED",
        "Out of Memory Error: could not allocate block of size 256.0 KiB (1.9 GiB/2.0 GiB used) | OUT_OF_MEMORY",
        "IO Error: Could not set lock on file \"agent.db\": Conflicting lock is held | SERVER",
        "INTERNAL Error: Attempted to access index 3 within vector of size 3 | SERVER",
    })
    void readsTheEngineErrorType(String message, DatabaseError expected) {
        assertEquals(expected, DatabaseError.of(new SQLException(message)));
    }
}

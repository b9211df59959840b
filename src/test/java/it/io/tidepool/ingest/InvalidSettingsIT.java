package it.io.tidepool.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A server started with invalid settings: a value out of range (which MicroProfile Config converts
 * without complaint, so the application used to start and fail its requests with 500) and a
 * misspelt flag (which it used to read as false). The application must not start, and
 * messages.log must name each setting and its value. A misspelt key is only a warning (its
 * default applies), but one that names the setting meant.
 */
class InvalidSettingsIT {

    private static SecondServer server;

    @AfterAll
    static void stopSecondServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void invalidSettingsStopTheDeploymentWithAMessageNamingEach() throws Exception {
        server = new SecondServer(Map.of(
                "tidepool.demo.enabled", "false",
                "tidepool.query.max-rows", "-5",
                "tidepool.query.require-token", "ture",
                "tidepool.query.max-row", "5"));

        String log = server.startAndAwaitApplication();

        List<String> failures = log.lines().filter(line -> line.contains("CWWKZ0002E")).toList();
        System.out.println("INVALID SETTINGS " + failures);
        assertFalse(log.contains("CWWKZ0001I"), "the application did not start");
        assertEquals(1, failures.size(), "Liberty reports the application's failure to start:\n" + log);
        String failure = failures.get(0);
        assertTrue(failure.contains("Tidepool does not start: 2 settings are invalid. "
                + "tidepool.query.max-rows is \"-5\"; it must be a whole number of at least 1. "
                + "tidepool.query.require-token is \"ture\"; it must be true or false."), failure);
        assertTrue(log.lines().anyMatch(line -> line.contains("io.tidepool.platform.SettingsCheck") && line.contains(" E ")
                && line.contains("tidepool.query.max-rows is \"-5\"")), "Tidepool logs the reason itself, as an error:\n" + log);
        assertTrue(log.lines().anyMatch(line -> line.contains("io.tidepool.platform.SettingsCheck") && line.contains(" W ")
                && line.contains("tidepool.query.max-row is not a Tidepool setting and is ignored; did you mean "
                        + "tidepool.query.max-rows?")), "a misspelt key is a warning naming the setting it was meant for:\n" + log);
        assertFalse(log.contains("io.tidepool.storage.DatabaseFile"), "no part of Tidepool started:\n" + log);
        assertEquals(503, server.status(server.management("/health/started")), "not started");
        assertEquals(503, server.status(server.management("/health/ready")), "not ready");
        assertEquals(404, server.status(server.sdk("/health")), "no SDK API");
    }
}

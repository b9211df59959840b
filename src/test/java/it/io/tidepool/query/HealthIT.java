package it.io.tidepool.query;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;
import it.io.tidepool.support.TidepoolServer;

/** The seed's /health on the SDK port, MP Health and MP Metrics on the management port. */
class HealthIT {

    @Test
    void sdkHealthHasTheSeedsShapeWithRealPoolFigures() {
        TidepoolServer.query("SELECT 1");
        Reply reply = get(sdk("/health"));
        assertEquals(200, reply.status());
        JsonObject body = reply.json();
        assertEquals("ok", body.getString("status"));
        assertTrue(body.getInt("active_requests") >= 1, "this request is active while it is answered");
        JsonObject pool = body.getJsonObject("db_stats");
        int open = pool.getInt("open_connections");
        assertTrue(open >= 1 && open <= 20, body::toString);
        assertEquals(open, pool.getInt("in_use") + pool.getInt("idle"));
    }

    @Test
    void microProfileHealthAnswersOnTheManagementPort() {
        JsonObject ready = get(management("/health/ready")).json();
        assertEquals("UP", ready.getString("status"));
        JsonObject readers = ready.getJsonArray("checks").getJsonObject(0);
        assertEquals("tidepool-readers", readers.getString("name"));
        assertTrue(readers.getJsonObject("data").containsKey("pool_open_connections"));
        assertEquals("UP", get(management("/health/live")).json().getString("status"));
        assertEquals("UP", get(management("/health/started")).json().getString("status"));
    }

    @Test
    void healthPathsOnEachPortReachTheRightApplication() {
        assertTrue(get(sdk("/health")).json().containsKey("db_stats"), "the SDK port answers the seed's document");
        assertTrue(get(management("/health")).json().containsKey("checks"), "the management port answers MP Health");
    }

    @Test
    void metricsCoverTheSdkAndThePool() {
        TidepoolServer.query("SELECT 1");
        get(sdk("/system/cpu"));
        String application = get(management("/metrics?scope=application")).body();
        assertTrue(application.contains("tidepool_sdk_requests_total{endpoint=\"/db/query\""), application);
        assertTrue(application.contains("tidepool_sdk_request_duration_seconds"), application);
        assertTrue(application.contains("tidepool_query_rows_total"), application);
        assertTrue(application.contains("tidepool_query_slots_in_use"), application);
        assertTrue(application.contains("tidepool_sdk_active_requests"), application);
        String vendor = get(management("/metrics?scope=vendor")).body();
        assertTrue(vendor.contains("connectionpool_managedConnections{datasource=\"jdbc_agentdb_ro\""), vendor);
    }
}

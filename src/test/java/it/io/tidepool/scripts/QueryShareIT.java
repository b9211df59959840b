package it.io.tidepool.scripts;

import static it.io.tidepool.support.TidepoolServer.get;
import static it.io.tidepool.support.TidepoolServer.management;
import static it.io.tidepool.support.TidepoolServer.query;
import static it.io.tidepool.support.TidepoolServer.sdk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.io.tidepool.support.Reply;

/**
 * One script cannot take all 20 query slots: it holds at most its share (4), its other requests
 * wait behind its own and are refused after the queue timeout (2 s on the IT server), and everyone
 * else is served meanwhile. The slow queries run into the IT server's 5 s deadline.
 */
class QueryShareIT {

    private final ScriptsApi api = ScriptsApi.shared();

    @BeforeEach
    @AfterEach
    void cleanUp() {
        api.deleteQuietly("greedy");
    }

    @Test
    void aGreedyScriptHoldsOnlyItsShareOfTheQuerySlots() throws Exception {
        api.create("greedy", """
                import { db, TidepoolError } from "@tidepool/sdk";
                const slow = "SELECT sum(hash(range)) AS h FROM range(100000000000)";
                const results = await Promise.allSettled(Array.from({ length: 8 }, () => db.query(slow)));
                console.log(JSON.stringify(results.map((r) =>
                  r.status === "fulfilled" ? "ok" : `${(r.reason as TidepoolError).status} ${(r.reason as TidepoolError).code}`)));
                """, null);
        String id = api.start("greedy");
        int inUse = awaitSlotsInUse(4);
        assertEquals(4, inUse, "the script holds its share, not more");
        long started = System.nanoTime();
        Reply other = query("SELECT 42 AS answer");
        assertEquals(200, other.status(), "others are served while the script is greedy: " + other);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1500, "without waiting for a slot");

        JsonObject run = api.awaitFinished(id, Duration.ofSeconds(30));
        assertEquals("succeeded", run.getString("outcome"), run::toString);
        List<String> results = Json.createReader(new StringReader(api.output(id).getString("stdout"))).readArray()
                .getValuesAs(JsonString.class).stream().map(JsonString::getString).sorted().toList();
        // The four beyond the share waited for it and were refused. Of the four admitted, those that got an execution
        // slot ran into their deadline; the others waited for one until it passed (two slots on two cores).
        assertEquals(8, results.size(), results::toString);
        long timeouts = results.stream().filter("504 timeout"::equals).count();
        long refused = results.stream().filter("503 overloaded"::equals).count();
        assertEquals(8, timeouts + refused, results::toString);
        assertTrue(refused >= 4, "at least the four beyond the share are refused: " + results);
        assertTrue(timeouts >= 1 && timeouts <= 4, "at most the share ran: " + results);
    }

    @Test
    void aRequestWithATokenOfNoRunIs401() {
        Reply reply = it.io.tidepool.support.TidepoolServer.send(java.net.http.HttpRequest.newBuilder(sdk("/system/cpu"))
                .header("Authorization", "Bearer forged-token").GET());
        assertEquals(401, reply.status());
        assertEquals("invalid_token", reply.errorCode());
        assertEquals("Bearer realm=\"tidepool\"", reply.header("WWW-Authenticate"));
        assertEquals(200, get(sdk("/system/cpu")).status(), "without a token the IT server still answers (require-token is off)");
    }

    private static int awaitSlotsInUse(int expected) throws InterruptedException {
        int inUse = 0;
        for (int i = 0; i < 100 && inUse < expected; i++) {
            JsonObject ready = get(management("/health/ready")).json();
            inUse = ready.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getInt("query_slots_in_use");
            Thread.sleep(100);
        }
        Thread.sleep(500);
        JsonObject ready = get(management("/health/ready")).json();
        return ready.getJsonArray("checks").getJsonObject(0).getJsonObject("data").getInt("query_slots_in_use");
    }
}

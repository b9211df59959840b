package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tidepool.platform.ApiException;
import io.tidepool.query.control.QueryAdmission.Slot;
import io.tidepool.query.entity.Caller;

/** Global slots and the per-script share, without a server. */
class QueryAdmissionTest {

    private static final Duration NO_WAIT = Duration.ofMillis(20);
    private static final Caller GREEDY = Caller.script("greedy", "run-1", "127.0.0.1", 40000);
    private static final Caller OTHER = Caller.script("other", "run-2", "127.0.0.1", 40001);
    private static final Caller ANONYMOUS = Caller.remote("127.0.0.1", 40002);

    private static QueryAdmission admission(int slots, int perScript) {
        QueryAdmission admission = new QueryAdmission();
        admission.limits = new QueryLimits(10_000, 1 << 20, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(1), slots, perScript,
                false, Duration.ofSeconds(5));
        admission.init();
        return admission;
    }

    @Test
    void aScriptHoldsAtMostItsShareAndTheOthersStillGetSlots() {
        QueryAdmission admission = admission(6, 2);
        List<Slot> held = new ArrayList<>();
        held.add(admission.enter(NO_WAIT, GREEDY));
        held.add(admission.enter(NO_WAIT, GREEDY));
        ApiException refused = assertThrows(ApiException.class, () -> admission.enter(NO_WAIT, GREEDY));
        assertEquals(503, refused.status());
        assertEquals("overloaded", refused.code());
        assertTrue(refused.getMessage().startsWith("script greedy already holds its share of 2 query slots and has 2 more waiting"),
                refused.getMessage());
        assertEquals(2, admission.inUse(), "the refused request holds nothing");
        held.add(admission.enter(NO_WAIT, OTHER));
        held.add(admission.enter(NO_WAIT, ANONYMOUS));
        assertEquals(2, admission.inUseBy("greedy"));
        assertEquals(1, admission.inUseBy("other"));
        held.forEach(Slot::close);
        assertEquals(0, admission.inUse());
        assertEquals(0, admission.inUseBy("greedy"));
    }

    @Test
    void aReleasedShareSlotAdmitsTheScriptsNextRequest() {
        QueryAdmission admission = admission(4, 1);
        Slot first = admission.enter(NO_WAIT, GREEDY);
        first.close();
        first.close();
        admission.enter(NO_WAIT, GREEDY).close();
        assertEquals(0, admission.inUse(), "closing twice released once");
    }

    @Test
    void whenAllSlotsAreBusyTheScriptsShareSlotIsGivenBack() {
        QueryAdmission admission = admission(2, 2);
        Slot a = admission.enter(NO_WAIT, ANONYMOUS);
        Slot b = admission.enter(NO_WAIT, ANONYMOUS);
        ApiException refused = assertThrows(ApiException.class, () -> admission.enter(NO_WAIT, GREEDY));
        assertTrue(refused.getMessage().startsWith("all 2 query slots stayed busy"), refused.getMessage());
        assertEquals(0, admission.inUseBy("greedy"));
        a.close();
        b.close();
    }

    @Test
    void anonymousCallersAreLimitedOnlyByThePool() {
        QueryAdmission admission = admission(3, 1);
        List<Slot> held = List.of(admission.enter(NO_WAIT, ANONYMOUS), admission.enter(NO_WAIT, ANONYMOUS),
                admission.enter(NO_WAIT, ANONYMOUS));
        assertEquals(3, admission.inUse());
        held.forEach(Slot::close);
    }

    @Test
    void aScriptCanHaveOnlyAsManyRequestsWaitingAsItHasSlots() throws Exception {
        QueryAdmission admission = admission(6, 1);
        Slot held = admission.enter(NO_WAIT, GREEDY);
        java.util.concurrent.ExecutorService waiters = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<Slot> waiting = waiters.submit(() -> admission.enter(Duration.ofSeconds(10), GREEDY));
            while (!admission.waitingFor("greedy")) {
                Thread.sleep(5);
            }
            long started = System.nanoTime();
            assertThrows(ApiException.class, () -> admission.enter(Duration.ofSeconds(10), GREEDY));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1000, "refused at once, not after waiting");
            held.close();
            waiting.get(5, java.util.concurrent.TimeUnit.SECONDS).close();
        } finally {
            waiters.shutdownNow();
        }
        assertEquals(0, admission.inUse());
    }
}

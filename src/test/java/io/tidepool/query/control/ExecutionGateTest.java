package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class ExecutionGateTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration LONG = Duration.ofSeconds(5);

    @Test
    void runsAtMostItsSlotsOfHeavyStatementsAtOnce() throws Exception {
        ExecutionGate gate = ExecutionGate.of(2, 1, () -> false);
        ExecutionGate.Permit first = gate.enter(false, NO_WAIT);
        ExecutionGate.Permit second = gate.enter(false, NO_WAIT);

        assertNotNull(first);
        assertNotNull(second);
        assertNull(gate.enter(false, Duration.ofMillis(30)), "a third heavy statement waits, here past its limit");
        assertEquals(2, gate.executing());
        first.close();
        assertNotNull(gate.enter(false, NO_WAIT), "a released permit is taken by the next one");
    }

    @Test
    void aLightStatementRunsBesideHeavyOnesThatHoldEveryGeneralSlot() throws Exception {
        ExecutionGate gate = ExecutionGate.of(2, 1, () -> false);
        gate.enter(false, NO_WAIT);
        gate.enter(false, NO_WAIT);

        assertNotNull(gate.enter(true, NO_WAIT));
        assertEquals(3, gate.executing());
        assertNull(gate.enter(true, Duration.ofMillis(30)), "the light lane has one slot");
    }

    @Test
    void theWriterKeepsACoreWhileItHasABacklog() throws Exception {
        AtomicBoolean backlog = new AtomicBoolean(true);
        ExecutionGate gate = ExecutionGate.of(2, 1, backlog::get);
        assertNotNull(gate.enter(false, NO_WAIT));
        assertNull(gate.enter(false, Duration.ofMillis(30)));

        backlog.set(false);
        assertNotNull(gate.enter(false, Duration.ofSeconds(2)), "the slot comes back once the backlog is gone");
    }

    @Test
    void aSingleSlotIsNeverTakenFromReaders() throws Exception {
        ExecutionGate gate = ExecutionGate.of(1, 1, () -> true);

        assertNotNull(gate.enter(false, NO_WAIT));
    }

    @Test
    void waitingLightStatementsGoBeforeWaitingHeavyOnes() throws Exception {
        ExecutionGate gate = ExecutionGate.of(1, 0, () -> false);
        ExecutionGate.Permit running = gate.enter(false, NO_WAIT);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch heavyWaits = new CountDownLatch(1);
        Thread heavy = waiter(gate, false, order, heavyWaits);
        heavy.start();
        assertTrue(heavyWaits.await(5, TimeUnit.SECONDS));
        awaitWaiting(gate, 1);
        Thread light = waiter(gate, true, order, new CountDownLatch(1));
        light.start();
        awaitWaiting(gate, 2);

        running.close();
        heavy.join(5_000);
        light.join(5_000);

        assertEquals(List.of("light", "heavy"), order);
    }

    private static Thread waiter(ExecutionGate gate, boolean lightStatement, List<String> order, CountDownLatch started) {
        return new Thread(() -> {
            started.countDown();
            try (ExecutionGate.Permit permit = gate.enter(lightStatement, LONG)) {
                order.add(lightStatement ? "light" : "heavy");
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void awaitWaiting(ExecutionGate gate, int waiting) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (gate.waiting() < waiting && System.nanoTime() < until) {
            Thread.sleep(2);
        }
        assertEquals(waiting, gate.waiting());
    }
}

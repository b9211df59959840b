package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tidepool.platform.ApiException;

class DeadlineTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A statement that only counts its cancels. */
    private static Statement counting(AtomicInteger cancels) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        cancels.incrementAndGet();
                    }
                    return null;
                });
    }

    @Test
    void cuttingShortCancelsTheWatchedStatementAtOnceAndAnswersShuttingDown() {
        AtomicInteger cancels = new AtomicInteger();
        Deadline deadline = new Deadline(Duration.ofMinutes(1), timer);
        deadline.watch(counting(cancels));

        deadline.cutShort();

        assertEquals(1, cancels.get());
        assertTrue(deadline.expired());
        assertTrue(deadline.wasCutShort());
        ApiException answer = QueryFailure.timeout(deadline);
        assertEquals(503, answer.status());
        assertEquals("shutting_down", answer.code());
        assertEquals("Tidepool is shutting down and cancelled the query; retry against another instance or after the restart",
                answer.getMessage());
        assertEquals(1, answer.retryAfterSeconds());
    }

    @Test
    void aStatementWatchedAfterTheCutIsCancelledAtOnce() {
        AtomicInteger cancels = new AtomicInteger();
        Deadline deadline = new Deadline(Duration.ofMinutes(1), timer);
        deadline.cutShort();

        deadline.watch(counting(cancels));

        assertEquals(1, cancels.get());
    }

    @Test
    void aDeadlineThatRanOutStaysATimeout() throws InterruptedException {
        AtomicInteger cancels = new AtomicInteger();
        Deadline deadline = new Deadline(Duration.ofMillis(10), timer);
        deadline.watch(counting(cancels));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!deadline.expired() && System.nanoTime() < until) {
            Thread.sleep(5);
        }

        deadline.cutShort();

        assertEquals(1, cancels.get());
        assertFalse(deadline.wasCutShort());
        assertEquals("timeout", QueryFailure.timeout(deadline).code());
    }

    @Test
    void aClosedDeadlineCancelsNothing() {
        AtomicInteger cancels = new AtomicInteger();
        Deadline deadline = new Deadline(Duration.ofMinutes(1), timer);
        deadline.watch(counting(cancels));
        deadline.close();

        deadline.cutShort();

        assertEquals(0, cancels.get());
        assertFalse(deadline.expired());
    }
}

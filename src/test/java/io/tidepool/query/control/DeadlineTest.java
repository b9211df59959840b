package io.tidepool.query.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    private Deadline start(Duration budget) {
        return new Deadline(budget, timer).arm();
    }

    /** A statement that only counts its cancels, and counts down {@code cancelled} at each. */
    private static Statement counting(AtomicInteger cancels, CountDownLatch cancelled) {
        return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("cancel")) {
                        cancels.incrementAndGet();
                        cancelled.countDown();
                    }
                    return null;
                });
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(Waiting waiting) {
        try {
            waiting.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private interface Waiting {
        void await() throws InterruptedException;
    }

    private static void awaitExpiry(Deadline deadline) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!deadline.expired() && System.nanoTime() < until) {
            Thread.sleep(2);
        }
        assertTrue(deadline.expired());
    }

    @Test
    void aStatementIsNeverStartedOnceTheBudgetIsGone() throws Exception {
        Deadline deadline = start(Duration.ofMillis(2));
        awaitExpiry(deadline);
        AtomicBoolean started = new AtomicBoolean();

        assertThrows(Deadline.Expired.class, () -> deadline.run(counting(new AtomicInteger(), new CountDownLatch(1)), () -> {
            started.set(true);
            return null;
        }));
        assertFalse(started.get());
        assertEquals("timeout", QueryFailure.timeout(deadline).code());
    }

    @Test
    void aStatementThatIgnoresItsFirstCancelsIsCancelledAgainUntilItEnds() throws Exception {
        // The driver ignores a cancel that arrives before execution starts: the statement here only
        // ends after the third cancel, as a real one would once the cancel finds it executing.
        AtomicInteger cancels = new AtomicInteger();
        CountDownLatch thirdCancel = new CountDownLatch(3);
        Deadline deadline = start(Duration.ofMillis(200));
        long started = System.nanoTime();

        deadline.run(counting(cancels, thirdCancel), () -> {
            assertTrue(await(thirdCancel), "cancelled three times");
            return null;
        });
        int afterEnd = cancels.get();
        Thread.sleep(5 * Deadline.CANCEL_RETRY_MILLIS);

        assertTrue(afterEnd >= 3);
        assertEquals(afterEnd, cancels.get(), "no cancel once the statement has ended");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void cuttingShortCancelsTheRunningStatementAtOnceAndAnswersShuttingDown() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        CountDownLatch cancelled = new CountDownLatch(1);
        Deadline deadline = start(Duration.ofMinutes(1));
        CountDownLatch running = new CountDownLatch(1);
        Thread request = new Thread(() -> {
            try {
                deadline.run(counting(cancels, cancelled), () -> {
                    running.countDown();
                    await(cancelled);
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        request.start();
        assertTrue(running.await(5, TimeUnit.SECONDS));

        deadline.cutShort();
        request.join(5_000);

        assertFalse(request.isAlive());
        assertTrue(cancels.get() >= 1);
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
    void nothingStartsAfterTheCut() {
        Deadline deadline = start(Duration.ofMinutes(1));
        deadline.cutShort();

        assertThrows(Deadline.Expired.class, () -> deadline.run(counting(new AtomicInteger(), new CountDownLatch(1)), () -> null));
    }

    @Test
    void aCutAfterTheBudgetRanOutStillCancelsWhatRunsButStaysATimeout() throws Exception {
        // What a lease opened during the stop goes through: its deadline may already have run out when
        // the stop cuts it short, and whatever it runs must still end.
        AtomicInteger cancels = new AtomicInteger();
        CountDownLatch cancelled = new CountDownLatch(2);
        Deadline deadline = start(Duration.ofMillis(200));
        deadline.run(counting(cancels, cancelled), () -> {
            await(() -> awaitExpiry(deadline));
            deadline.cutShort();
            assertTrue(await(cancelled));
            return null;
        });

        assertFalse(deadline.wasCutShort());
        assertEquals("timeout", QueryFailure.timeout(deadline).code());
    }

    @Test
    void aRequestThatSpentMostOfItsBudgetWaitingForItsTurnIsToldToRetryNotThatItsQueryIsSlow() throws Exception {
        Deadline waitedLong = start(Duration.ofMillis(20));
        waitedLong.waited(TimeUnit.MILLISECONDS.toNanos(15));
        Deadline ranLong = start(Duration.ofMillis(20));
        ranLong.waited(TimeUnit.MILLISECONDS.toNanos(5));
        awaitExpiry(waitedLong);
        awaitExpiry(ranLong);

        ApiException busy = QueryFailure.timeout(waitedLong);
        assertEquals(503, busy.status());
        assertEquals("overloaded", busy.code());
        assertEquals(1, busy.retryAfterSeconds());
        assertEquals(504, QueryFailure.timeout(ranLong).status());
    }

    @Test
    void aClosedDeadlineCancelsNothingAndRunsNothing() throws Exception {
        AtomicInteger cancels = new AtomicInteger();
        Deadline deadline = start(Duration.ofMillis(5));
        deadline.close();
        Thread.sleep(30);

        deadline.cutShort();

        assertEquals(0, cancels.get());
        assertFalse(deadline.expired());
        assertThrows(Deadline.Expired.class, () -> deadline.run(counting(cancels, new CountDownLatch(1)), () -> null));
    }
}

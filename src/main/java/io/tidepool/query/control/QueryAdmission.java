package io.tidepool.query.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.query.entity.Caller;

/**
 * Admits at most as many queries as the reader pool has connections. A request that finds every
 * slot busy waits, first come first served, up to the queue timeout (or its own deadline, if
 * sooner) and is then refused with 503 and Retry-After, so the pool itself never makes anyone wait
 * and a saturated server answers quickly instead of hanging.
 *
 * <p>A script's requests (those with a run token) first take one of its script's own share of the
 * slots, so however many requests one script fires at once, it holds at most its share and the
 * other scripts still find slots. Its surplus requests queue behind its own, not behind everyone's,
 * and at most as many of them wait as it has slots: every waiting request holds a server thread,
 * so a script firing hundreds of queries at once must not tie up the threads that serve the others.
 */
@ApplicationScoped
public class QueryAdmission {

    @Inject
    QueryLimits limits;

    private Semaphore slots;
    private final Map<String, Share> shares = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        slots = new Semaphore(limits.maxConcurrent(), true);
    }

    public Slot enter(Duration maxWait, Caller caller) {
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        Share share = caller.isScript() ? shares.computeIfAbsent(caller.scriptId(), script -> new Share(limits.slotsPerScript())) : null;
        if (share != null && !share.enter(deadline)) {
            throw ApiException.overloaded("script " + caller.scriptId() + " already holds its share of "
                    + limits.slotsPerScript() + " query slots and has " + limits.slotsPerScript()
                    + " more waiting, or none came free within " + maxWait.toMillis() + " ms; send fewer queries at once", 1);
        }
        if (!acquire(slots, deadline)) {
            if (share != null) {
                share.slots.release();
            }
            throw ApiException.overloaded("all " + limits.maxConcurrent() + " query slots stayed busy for "
                    + maxWait.toMillis() + " ms; retry later", 1);
        }
        return new Slot(slots, share == null ? null : share.slots);
    }

    private static boolean acquire(Semaphore semaphore, long deadlineNanos) {
        try {
            return semaphore.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int inUse() {
        return limits.maxConcurrent() - slots.availablePermits();
    }

    public int waiting() {
        return slots.getQueueLength();
    }

    /** Slots one script holds now. */
    public int inUseBy(String scriptId) {
        Share share = shares.get(scriptId);
        return share == null ? 0 : limits.slotsPerScript() - share.slots.availablePermits();
    }

    /** Whether one of the script's requests waits for a slot of its share now. */
    boolean waitingFor(String scriptId) {
        Share share = shares.get(scriptId);
        return share != null && share.waiting.get() > 0;
    }

    /** One script's slots, and its requests waiting for them (at most as many as it has slots). */
    private static final class Share {
        private final Semaphore slots;
        private final int maxWaiting;
        private final AtomicInteger waiting = new AtomicInteger();

        Share(int size) {
            slots = new Semaphore(size, true);
            maxWaiting = size;
        }

        boolean enter(long deadlineNanos) {
            if (slots.tryAcquire()) {
                return true;
            }
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return false;
            }
            try {
                return acquire(slots, deadlineNanos);
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** One admitted query; releasing twice is harmless. */
    public static final class Slot implements AutoCloseable {
        private final Semaphore slots;
        private final Semaphore share;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(Semaphore slots, Semaphore share) {
            this.slots = slots;
            this.share = share;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.release();
                if (share != null) {
                    share.release();
                }
            }
        }
    }
}

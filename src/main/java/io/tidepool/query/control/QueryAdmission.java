package io.tidepool.query.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * other scripts still find slots. Its surplus requests queue behind its own, not behind everyone's.
 */
@ApplicationScoped
public class QueryAdmission {

    @Inject
    QueryLimits limits;

    private Semaphore slots;
    private final Map<String, Semaphore> shares = new ConcurrentHashMap<>();

    @PostConstruct
    void init() {
        slots = new Semaphore(limits.maxConcurrent(), true);
    }

    public Slot enter(Duration maxWait, Caller caller) {
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        Semaphore share = caller.isScript()
                ? shares.computeIfAbsent(caller.scriptId(), script -> new Semaphore(limits.slotsPerScript(), true))
                : null;
        if (share != null && !acquire(share, deadline)) {
            throw ApiException.overloaded("script " + caller.scriptId() + " already holds its share of "
                    + limits.slotsPerScript() + " query slots and none came free within " + maxWait.toMillis()
                    + " ms; send fewer queries at once", 1);
        }
        if (!acquire(slots, deadline)) {
            if (share != null) {
                share.release();
            }
            throw ApiException.overloaded("all " + limits.maxConcurrent() + " query slots stayed busy for "
                    + maxWait.toMillis() + " ms; retry later", 1);
        }
        return new Slot(slots, share);
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
        Semaphore share = shares.get(scriptId);
        return share == null ? 0 : limits.slotsPerScript() - share.availablePermits();
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

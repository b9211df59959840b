package io.tidepool.query.control;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;

/**
 * Admits at most as many queries as the reader pool has connections. A request that finds every
 * slot busy waits, first come first served, up to the queue timeout (or its own deadline, if
 * sooner) and is then refused with 503 and Retry-After, so the pool itself never makes anyone wait
 * and a saturated server answers quickly instead of hanging.
 */
@ApplicationScoped
public class QueryAdmission {

    @Inject
    QueryLimits limits;

    private Semaphore slots;

    @PostConstruct
    void init() {
        slots = new Semaphore(limits.maxConcurrent(), true);
    }

    public Slot enter(Duration maxWait) {
        boolean admitted;
        try {
            admitted = slots.tryAcquire(Math.max(0, maxWait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw ApiException.overloaded("all " + limits.maxConcurrent() + " query slots stayed busy for "
                    + maxWait.toMillis() + " ms; retry later", 1);
        }
        return new Slot(slots);
    }

    public int inUse() {
        return limits.maxConcurrent() - slots.availablePermits();
    }

    public int waiting() {
        return slots.getQueueLength();
    }

    /** One admitted query; releasing twice is harmless. */
    public static final class Slot implements AutoCloseable {
        private final Semaphore slots;
        private final AtomicBoolean released = new AtomicBoolean();

        Slot(Semaphore slots) {
            this.slots = slots;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }
}

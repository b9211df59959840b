package io.tidepool.query.control;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.tidepool.ingest.control.TelemetryWriter;

/**
 * How many read statements execute inside DuckDB at once, apart from how many requests hold a
 * connection. Twenty connections let twenty requests keep their snapshots, but on a two-core host
 * twenty executing queries only take the CPU from each other and from the writer (measured: ingest
 * fell to 0.15 of its rate). So execution takes a permit here:
 * <ul>
 * <li>{@code tidepool.query.execution-slots} permits for any statement (default: the number of
 * cores), one fewer while the writer has a backlog (never fewer than one), so ingest keeps a core;</li>
 * <li>{@code tidepool.query.light-slots} more permits for statements known to be light (their recent
 * executions took less than {@code tidepool.query.light-threshold}), so a 1-ms query never waits for
 * a 100-ms scan to end.</li>
 * </ul>
 * Waiters are served first come first served within their kind, light before heavy. A wait ends
 * at the caller's deadline; DuckDB statements cannot be paused, so a running one keeps its permit
 * until it ends or its deadline cancels it.
 */
@ApplicationScoped
public class ExecutionGate {

    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Inject
    @ConfigProperty(name = "tidepool.query.execution-slots", defaultValue = "0")
    int configuredSlots;

    @Inject
    @ConfigProperty(name = "tidepool.query.light-slots", defaultValue = "1")
    int lightSlots;

    @Inject
    TelemetryWriter writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> lightQueue = new ArrayDeque<>();
    private final ArrayDeque<Object> heavyQueue = new ArrayDeque<>();
    private int slots;
    private BooleanSupplier writerBusy;
    private int general;
    private int light;

    @PostConstruct
    void init() {
        slots = configuredSlots > 0 ? configuredSlots : Runtime.getRuntime().availableProcessors();
        writerBusy = writer::hasBacklog;
    }

    /** For tests: a gate of {@code slots} general and {@code lightSlots} light permits over any backlog signal. */
    static ExecutionGate of(int slots, int lightSlots, BooleanSupplier writerBusy) {
        ExecutionGate gate = new ExecutionGate();
        gate.slots = slots;
        gate.lightSlots = lightSlots;
        gate.writerBusy = writerBusy;
        return gate;
    }

    /** General permits now: all of them, or one fewer while the writer has a backlog. */
    int generalLimit() {
        return writerBusy.getAsBoolean() && slots > 1 ? slots - 1 : slots;
    }

    /**
     * Waits for a permit, at most {@code maxWait}.
     *
     * @return the permit to close after execution, or null if none came free in time
     */
    public Permit enter(boolean lightStatement, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Object ticket = new Object();
        ArrayDeque<Object> queue = lightStatement ? lightQueue : heavyQueue;
        lock.lock();
        try {
            queue.addLast(ticket);
            try {
                while (true) {
                    Permit permit = tryTake(lightStatement, ticket);
                    if (permit != null) {
                        return permit;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    // Re-checked now and then too: the limit rises again when the writer's backlog ends.
                    changed.awaitNanos(Math.min(left, RECHECK_NANOS));
                }
            } finally {
                queue.remove(ticket);
                // Whoever is next may now be at the head of its queue.
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private Permit tryTake(boolean lightStatement, Object ticket) {
        if (lightStatement) {
            if (lightQueue.peekFirst() != ticket) {
                return null;
            }
            if (light < lightSlots) {
                light++;
                return new Permit(true);
            }
            if (general < generalLimit()) {
                general++;
                return new Permit(false);
            }
            return null;
        }
        // Heavy statements go after every light one that waits.
        if (heavyQueue.peekFirst() != ticket || !lightQueue.isEmpty() || general >= generalLimit()) {
            return null;
        }
        general++;
        return new Permit(false);
    }

    /** Statements executing now (both kinds). */
    public int executing() {
        lock.lock();
        try {
            return general + light;
        } finally {
            lock.unlock();
        }
    }

    /** Statements waiting for a permit now. */
    public int waiting() {
        lock.lock();
        try {
            return lightQueue.size() + heavyQueue.size();
        } finally {
            lock.unlock();
        }
    }

    private void release(boolean lightPermit) {
        lock.lock();
        try {
            if (lightPermit) {
                light--;
            } else {
                general--;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One statement's right to execute; closing it twice is harmless. */
    public final class Permit implements AutoCloseable {
        private final boolean lightPermit;
        private boolean released;

        private Permit(boolean lightPermit) {
            this.lightPermit = lightPermit;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(lightPermit);
            }
        }
    }
}

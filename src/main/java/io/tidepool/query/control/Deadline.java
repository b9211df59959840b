package io.tidepool.query.control;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request's time budget, from the moment it arrives: the wait for a query slot, BEGIN,
 * classification, execution and the writing of the answer all count. Armed when it starts, so it
 * also runs out while nothing is executing.
 *
 * <p>The DuckDB driver (2.0.0.1) cancels a statement only while it executes: a cancel that arrives
 * an instant before execution starts does nothing. So a statement is never started once the budget
 * is gone ({@link #run} refuses), and while one runs past the budget it is cancelled again every
 * {@value #CANCEL_RETRY_MILLIS} ms until it has ended. Closing the deadline before the connection
 * goes back to the pool guarantees a late cancel can never hit the next borrower's query.
 */
public final class Deadline implements AutoCloseable {

    /** How often a statement still running after its cancel is cancelled again. */
    static final long CANCEL_RETRY_MILLIS = 20;

    private final Duration budget;
    private final long expiresAtNanos;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> cancelling;
    private Statement running;
    private volatile boolean expired;
    private volatile boolean cutShort;
    private volatile long waitedNanos;
    private boolean closed;

    Deadline(Duration budget, ScheduledExecutorService scheduler) {
        this.budget = budget;
        this.expiresAtNanos = System.nanoTime() + budget.toNanos();
        this.scheduler = scheduler;
    }

    /** Starts the clock's alarm; separate from the constructor so the timer never sees a half-built deadline. */
    synchronized Deadline arm() {
        expiry = scheduler.schedule(this::expire, Math.max(0, expiresAtNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return this;
    }

    public Duration budget() {
        return budget;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    /**
     * Executes {@code statement} through {@code call} under this deadline: refused with
     * {@link Expired} if the budget is already gone, cancelled (repeatedly, until it ends) if it runs
     * past it. One statement at a time.
     */
    public <T> T run(Statement statement, Execution<T> call) throws SQLException {
        synchronized (this) {
            if (expired || closed) {
                throw new Expired();
            }
            running = statement;
        }
        try {
            return call.execute();
        } finally {
            synchronized (this) {
                running = null;
                stopCancelling();
            }
        }
    }

    /**
     * Whether the budget ran out (or was cut short). Work between statements, such as writing
     * rows to the client, checks this.
     */
    public boolean expired() {
        return expired;
    }

    /**
     * Ends the budget now because the server is stopping: what runs is cancelled, nothing new
     * starts, and {@link #expired()} turns true. A deadline that already ran out stays a timeout.
     */
    public synchronized void cutShort() {
        if (closed) {
            return;
        }
        if (!expired) {
            cutShort = true;
            expired = true;
        }
        startCancelling();
    }

    /** Whether the budget was ended by a shutdown rather than used up. */
    public boolean wasCutShort() {
        return cutShort;
    }

    /** Counts {@code nanos} spent waiting for a query slot or an execution slot. */
    void waited(long nanos) {
        waitedNanos += nanos;
    }

    /**
     * Whether the request spent most of its budget waiting for its turn (a query slot, an execution
     * slot): one that ran out of time that way met a busy server, not a slow query or a slow reader.
     */
    public boolean mostlyWaited() {
        return waitedNanos > budget.toNanos() / 2;
    }

    private synchronized void expire() {
        if (closed) {
            return;
        }
        expired = true;
        startCancelling();
    }

    private void startCancelling() {
        if (running != null && cancelling == null) {
            cancelling = scheduler.scheduleWithFixedDelay(this::cancelRunning, 0, CANCEL_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void cancelRunning() {
        if (running == null || closed) {
            stopCancelling();
            return;
        }
        try {
            running.cancel();
        } catch (SQLException ignored) {
            // It ended between the check and the cancel: nothing left to stop.
        }
    }

    private void stopCancelling() {
        if (cancelling != null) {
            cancelling.cancel(false);
            cancelling = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (expiry != null) {
            expiry.cancel(false);
        }
        stopCancelling();
    }

    /** A statement execution that a deadline may cancel. */
    @FunctionalInterface
    public interface Execution<T> {
        T execute() throws SQLException;
    }

    /** Thrown instead of starting a statement once the deadline has passed. */
    public static final class Expired extends SQLException {
        private static final long serialVersionUID = 1L;

        Expired() {
            super("the request's deadline passed before the statement started");
        }
    }
}

package io.tidepool.query.control;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request's time budget. When it runs out, the statement being watched is cancelled inside
 * DuckDB (Statement.cancel interrupts the running query within milliseconds), which is what
 * actually frees the connection: interrupting the Java thread does not stop native execution.
 * Closing the deadline before the connection goes back to the pool guarantees a late cancel can
 * never hit the next borrower's query.
 */
public final class Deadline implements AutoCloseable {

    private final Duration budget;
    private final long expiresAtNanos;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> pendingCancel;
    private Statement watched;
    private volatile boolean expired;
    private volatile boolean cutShort;
    private boolean closed;

    Deadline(Duration budget, ScheduledExecutorService scheduler) {
        this.budget = budget;
        this.expiresAtNanos = System.nanoTime() + budget.toNanos();
        this.scheduler = scheduler;
    }

    public Duration budget() {
        return budget;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    /** Cancels {@code statement} when the budget runs out, unless the deadline is closed first. */
    public synchronized void watch(Statement statement) {
        if (closed) {
            return;
        }
        watched = statement;
        if (pendingCancel != null) {
            pendingCancel.cancel(false);
        }
        if (expired) {
            cancel(statement);
            return;
        }
        pendingCancel = scheduler.schedule(() -> expire(statement), Math.max(0, expiresAtNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    /**
     * Whether the budget ran out. A streamed result checks this before each row: the DuckDB driver
     * (2.0.0.1) cancels a statement only while it executes, not while a result is being fetched or
     * written, so the deadline of a slow reader is enforced here.
     */
    public boolean expired() {
        return expired;
    }

    /**
     * Ends the budget now because the server is stopping: the watched statement (or the next one)
     * is cancelled at once, and {@link #expired()} turns true. A deadline that already ran out stays a timeout.
     */
    public synchronized void cutShort() {
        if (closed || expired) {
            return;
        }
        cutShort = true;
        expired = true;
        if (pendingCancel != null) {
            pendingCancel.cancel(false);
        }
        if (watched != null) {
            cancel(watched);
        }
    }

    /** Whether the budget was ended by a shutdown rather than used up. */
    public boolean wasCutShort() {
        return cutShort;
    }

    private synchronized void expire(Statement statement) {
        if (closed) {
            return;
        }
        expired = true;
        cancel(statement);
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // The statement finished between the timer firing and the cancel: nothing left to stop.
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pendingCancel != null) {
            pendingCancel.cancel(false);
        }
    }
}

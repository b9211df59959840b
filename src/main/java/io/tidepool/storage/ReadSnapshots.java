package io.tidepool.storage;

import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which read-only snapshots are open, in the order they were opened. DuckDB vacuums deleted rows
 * only in a full checkpoint, and it falls back to a concurrent checkpoint (which reclaims nothing)
 * while any transaction that started before the last commit is still open (measured: with such a
 * reader open at every checkpoint the file grew by the full insert rate under a steady-state row
 * count; with none it stayed flat). The writer uses this register to wait, after its last commit,
 * until the readers that might see older data have finished.
 */
@ApplicationScoped
public class ReadSnapshots {

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentSkipListSet<Long> open = new ConcurrentSkipListSet<>();

    /** Registers a snapshot about to begin; close the ticket after its transaction has ended. */
    public Ticket opening() {
        long ticket = sequence.incrementAndGet();
        open.add(ticket);
        return new Ticket(ticket);
    }

    /** A mark: every snapshot opened later began after this call. */
    public long mark() {
        return sequence.get();
    }

    /** Waits until no snapshot opened up to {@code mark} is open; false if {@code limit} passed first. */
    public boolean awaitClosedUpTo(long mark, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (openUpTo(mark)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    boolean openUpTo(long mark) {
        Long oldest = open.ceiling(Long.MIN_VALUE);
        return oldest != null && oldest <= mark;
    }

    /** One open snapshot. */
    public final class Ticket implements AutoCloseable {
        private final long id;

        private Ticket(long id) {
            this.id = id;
        }

        @Override
        public void close() {
            open.remove(id);
        }
    }
}

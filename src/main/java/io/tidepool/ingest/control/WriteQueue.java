package io.tidepool.ingest.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.tidepool.ingest.entity.WriteBatch;

/**
 * The single writer's queue, bounded in rows, and the rules every unit of its work keeps whatever
 * happens while it runs: each batch's sender gets exactly one answer (committed, or the failure),
 * each batch's rows leave the count exactly once, and a failure of one unit never stops the next.
 * {@link #drainOnce} takes everything waiting (up to a cap) and commits it as one group; if the group
 * fails, each batch is committed alone so one bad batch cannot fail the others. Tasks run alone, in
 * queue order, between groups. Free of the container so those rules can be tested on their own;
 * {@link TelemetryWriter} runs it on its thread against the database.
 */
final class WriteQueue {

    /** Where the work goes: a group commit, or a task between commits. */
    interface Sink {
        void commit(List<WriteBatch> group) throws Exception;

        <T> T run(WriterTask<T> task) throws Exception;

        /** A unit of work failed; {@code batches} is how many senders it answered with the failure (0 for a task). */
        void failed(String what, int batches, long rows, Throwable failure);
    }

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedRows = new AtomicLong();
    private final long capacityRows;
    private final long maxCommitRows;
    private final LongConsumer visibleAfterNanos;
    private volatile long lastRefusalNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);

    WriteQueue(long capacityRows, long maxCommitRows, LongConsumer visibleAfterNanos) {
        this.capacityRows = capacityRows;
        this.maxCommitRows = maxCommitRows;
        this.visibleAfterNanos = visibleAfterNanos;
    }

    /**
     * Queues a batch; the future completes once its rows are committed.
     *
     * @throws QueueFullException when the queue cannot take the batch's rows now
     */
    CompletableFuture<Void> submit(WriteBatch batch) {
        int rows = batch.rows();
        long current;
        do {
            current = queuedRows.get();
            if (current + rows > capacityRows && current > 0) {
                lastRefusalNanos = System.nanoTime();
                throw new QueueFullException("the write queue holds " + current + " rows (capacity " + capacityRows
                        + "); retry shortly");
            }
        } while (!queuedRows.compareAndSet(current, current + rows));
        Pending pending = new Pending(batch, new CompletableFuture<>(), System.nanoTime());
        queue.add(pending);
        return pending.committed();
    }

    <T> CompletableFuture<T> runExclusively(String name, WriterTask<T> task) {
        Exclusive<T> work = new Exclusive<>(name, task, new CompletableFuture<>());
        queue.add(work);
        return work.done();
    }

    long queuedRows() {
        return queuedRows.get();
    }

    long capacityRows() {
        return capacityRows;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** When the last batch was refused, from {@link System#nanoTime()}. */
    long lastRefusalNanos() {
        return lastRefusalNanos;
    }

    /**
     * Waits up to {@code waitMillis} for work and does one unit of it: a group commit or a task.
     *
     * @return whether there was work
     */
    boolean drainOnce(Sink sink, long waitMillis) throws InterruptedException {
        Work first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        if (first instanceof Exclusive<?> task) {
            run(sink, task);
            return true;
        }
        List<Pending> group = new ArrayList<>();
        group.add((Pending) first);
        long rows = ((Pending) first).batch().rows();
        while (rows < maxCommitRows && queue.peek() instanceof Pending next) {
            queue.poll();
            group.add(next);
            rows += next.batch().rows();
        }
        commit(sink, group);
        return true;
    }

    private void commit(Sink sink, List<Pending> group) {
        Throwable failure = null;
        try {
            sink.commit(group.stream().map(Pending::batch).toList());
        } catch (Exception | Error e) {
            failure = e;
        } finally {
            if (failure == null) {
                long committed = System.nanoTime();
                group.forEach(pending -> visibleAfterNanos.accept(committed - pending.receivedNanos()));
                complete(group, null);
            } else if (group.size() > 1 && failure instanceof Exception) {
                sink.failed("a shared commit, retried batch by batch", 0, rows(group), failure);
                for (Pending pending : group) {
                    commit(sink, List.of(pending));
                }
            } else {
                sink.failed("a commit", group.size(), rows(group), failure);
                complete(group, failure);
            }
        }
    }

    private static long rows(List<Pending> group) {
        return group.stream().mapToLong(pending -> pending.batch().rows()).sum();
    }

    private static <T> void run(Sink sink, Exclusive<T> task) throws InterruptedException {
        try {
            task.done().complete(sink.run(task.task()));
        } catch (InterruptedException e) {
            task.done().completeExceptionally(e);
            throw e;
        } catch (Exception | Error e) {
            sink.failed("task " + task.name(), 0, 0, e);
            task.done().completeExceptionally(e);
        }
    }

    /** Answers every batch and every task still queued with {@code failure}; for the writer's stop. */
    void refuseAll(RuntimeException failure) {
        Work work;
        while ((work = queue.poll()) != null) {
            if (work instanceof Pending pending) {
                complete(List.of(pending), failure);
            } else if (work instanceof Exclusive<?> task) {
                task.done().completeExceptionally(failure);
            }
        }
    }

    private void complete(List<Pending> group, Throwable failure) {
        for (Pending pending : group) {
            queuedRows.addAndGet(-pending.batch().rows());
            if (failure == null) {
                pending.committed().complete(null);
            } else {
                pending.committed().completeExceptionally(failure);
            }
        }
    }

    private sealed interface Work permits Pending, Exclusive {
    }

    private record Pending(WriteBatch batch, CompletableFuture<Void> committed, long receivedNanos) implements Work {
    }

    private record Exclusive<T>(String name, WriterTask<T> task, CompletableFuture<T> done) implements Work {
    }
}

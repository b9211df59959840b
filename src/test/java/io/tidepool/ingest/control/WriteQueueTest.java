package io.tidepool.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.tidepool.ingest.entity.ScriptEventRecord;
import io.tidepool.ingest.entity.WriteBatch;

/** The writer's rules under faults: every sender answered, the row count exact, the next unit of work unharmed. */
class WriteQueueTest {

    /** A sink that commits by recording, and fails whenever {@code fault} matches the group it is given. */
    private static final class FaultySink implements WriteQueue.Sink {
        final List<List<WriteBatch>> committed = new ArrayList<>();
        final List<Throwable> reported = new ArrayList<>();
        private final Predicate<List<WriteBatch>> fault;
        private final Throwable failure;

        FaultySink(Predicate<List<WriteBatch>> fault, Throwable failure) {
            this.fault = fault;
            this.failure = failure;
        }

        @Override
        public void commit(List<WriteBatch> group) throws Exception {
            if (fault.test(group)) {
                if (failure instanceof Exception exception) {
                    throw exception;
                }
                throw (Error) failure;
            }
            committed.add(group);
        }

        @Override
        public <T> T run(WriterTask<T> task) throws Exception {
            return task.run(null);
        }

        @Override
        public void failed(String what, int batches, long rows, Throwable failure) {
            reported.add(failure);
        }
    }

    private static WriteBatch event(String name) {
        return WriteBatch.ofEvent(new ScriptEventRecord(1L, "script", "run", name, "info", "{}"));
    }

    private static boolean contains(List<WriteBatch> group, String name) {
        return group.stream().anyMatch(batch -> batch.scriptEvents().get(0).name().equals(name));
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(1, TimeUnit.SECONDS));
        return failed.getCause();
    }

    @Test
    void anUncheckedExceptionInAGroupFailsOnlyTheBatchThatCausesIt() throws Exception {
        WriteQueue queue = new WriteQueue(100, 100, nanos -> { });
        FaultySink sink = new FaultySink(group -> contains(group, "bad"), new IllegalStateException("boom"));
        CompletableFuture<Void> good = queue.submit(event("good"));
        CompletableFuture<Void> bad = queue.submit(event("bad"));
        CompletableFuture<Void> alsoGood = queue.submit(event("also good"));

        queue.drainOnce(sink, 10);

        good.get(1, TimeUnit.SECONDS);
        alsoGood.get(1, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, failureOf(bad));
        assertEquals(0, queue.queuedRows());
        assertEquals(2, sink.committed.size(), "each good batch committed alone after the shared commit failed");
    }

    @Test
    void anErrorFailsTheWholeGroupWithoutRetriesAndTheQueueGoesOn() throws Exception {
        WriteQueue queue = new WriteQueue(100, 100, nanos -> { });
        FaultySink sink = new FaultySink(group -> contains(group, "fatal"), new AssertionError("engine in a bad state"));
        CompletableFuture<Void> first = queue.submit(event("fatal"));
        CompletableFuture<Void> second = queue.submit(event("innocent"));

        queue.drainOnce(sink, 10);
        CompletableFuture<Void> later = queue.submit(event("later"));
        queue.drainOnce(sink, 10);

        assertInstanceOf(AssertionError.class, failureOf(first));
        assertInstanceOf(AssertionError.class, failureOf(second));
        later.get(1, TimeUnit.SECONDS);
        assertEquals(0, queue.queuedRows());
        assertEquals(1, sink.reported.size());
    }

    @Test
    void aBatchThatFailsAloneIsAnsweredAndItsRowsLeaveTheCount() throws Exception {
        WriteQueue queue = new WriteQueue(2, 100, nanos -> { });
        FaultySink sink = new FaultySink(group -> true, new SQLException("disk full"));
        CompletableFuture<Void> only = queue.submit(event("only"));
        queue.submit(event("second"));
        assertThrows(QueueFullException.class, () -> queue.submit(event("third")));

        queue.drainOnce(sink, 10);

        assertInstanceOf(SQLException.class, failureOf(only));
        assertEquals(0, queue.queuedRows(), "the capacity is whole again");
        queue.submit(event("third"));
        queue.submit(event("fourth"));
    }

    @Test
    void aFailingTaskIsAnsweredAndTheNextTaskRuns() throws Exception {
        WriteQueue queue = new WriteQueue(100, 100, nanos -> { });
        FaultySink sink = new FaultySink(group -> false, null);
        CompletableFuture<Object> failing = queue.runExclusively("failing", connection -> {
            throw new IllegalArgumentException("bad task");
        });
        CompletableFuture<String> next = queue.runExclusively("next", connection -> "done");

        queue.drainOnce(sink, 10);
        queue.drainOnce(sink, 10);

        assertInstanceOf(IllegalArgumentException.class, failureOf(failing));
        assertEquals("done", next.get(1, TimeUnit.SECONDS));
    }

    @Test
    void theStopAnswersEverythingStillQueued() {
        WriteQueue queue = new WriteQueue(100, 100, nanos -> { });
        CompletableFuture<Void> batch = queue.submit(event("late"));
        CompletableFuture<Object> task = queue.runExclusively("late task", connection -> null);

        queue.refuseAll(new WriterStoppedException());

        assertInstanceOf(WriterStoppedException.class, failureOf(batch));
        assertInstanceOf(WriterStoppedException.class, failureOf(task));
        assertEquals(0, queue.queuedRows());
        assertTrue(queue.isEmpty());
    }
}

package io.tidepool.scripts.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.tidepool.scripts.control.OutcomeClassifier.Verdict;
import io.tidepool.scripts.entity.Outcome;

/** Exit codes and stderr texts as measured with Deno 2.9.6 under prlimit --data. */
class OutcomeClassifierTest {

    private static Verdict classify(int exitCode, String stderr) {
        return OutcomeClassifier.classify(null, null, exitCode, stderr, 512, 1024);
    }

    @Test
    void exitCodeZeroSucceeded() {
        assertEquals(new Verdict(Outcome.SUCCEEDED, null), classify(0, ""));
    }

    @Test
    void theHeapLimitIsMemoryLimited() {
        Verdict verdict = classify(133, "<--- Last few GCs --->\n\n#\n# Fatal JavaScript out of memory: MarkCompactCollector: "
                + "young object promotion failed\n#\n==== C stack trace ====\n");
        assertEquals(Outcome.MEMORY_LIMITED, verdict.outcome());
        assertEquals("the script ran out of its V8 heap limit of 512 MB", verdict.message());
    }

    @Test
    void theProcessLimitIsMemoryLimited() {
        Verdict verdict = classify(1, "error: Uncaught (in promise) RangeError: Array buffer allocation failed\n");
        assertEquals(Outcome.MEMORY_LIMITED, verdict.outcome());
        assertEquals("the script reached its memory limit of 1024 MB (buffers and other memory outside the heap)", verdict.message());
    }

    @Test
    void aScriptThatCaughtItsAllocationFailureAndSucceededSucceeded() {
        assertEquals(Outcome.SUCCEEDED, classify(0, "RangeError: Array buffer allocation failed (caught)\n").outcome());
    }

    @Test
    void otherExitCodesFailed() {
        assertEquals(new Verdict(Outcome.FAILED, "the script exited with code 1 (see its stderr)"),
                classify(1, "error: Uncaught Error: boom\n"));
        assertEquals(new Verdict(Outcome.FAILED, "the process was ended by signal 9"), classify(137, ""));
    }

    @Test
    void whatTheRunnerDidComesFirst() {
        Verdict verdict = OutcomeClassifier.classify(Outcome.TIMED_OUT, "killed after its wall-clock limit of 3s", 137,
                "Fatal JavaScript out of memory", 512, 1024);
        assertEquals(new Verdict(Outcome.TIMED_OUT, "killed after its wall-clock limit of 3s"), verdict);
    }
}

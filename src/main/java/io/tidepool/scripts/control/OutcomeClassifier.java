package io.tidepool.scripts.control;

import java.util.List;

import io.tidepool.scripts.entity.Outcome;

/**
 * Decides how a finished run ended, and says why in a sentence, from what the runner knows: whether
 * it ended the run itself (stop, wall clock, shutdown), the exit code, and the end of stderr, where
 * V8 and the Rust allocator report running out of memory.
 */
final class OutcomeClassifier {

    /** V8 reached --max-old-space-size. */
    static final List<String> HEAP_MARKERS = List.of("Fatal JavaScript out of memory", "JavaScript heap out of memory",
            "Reached heap limit");
    /** An allocation outside the JS heap failed: the operating-system limit (RLIMIT_DATA) was reached. */
    static final List<String> PROCESS_MEMORY_MARKERS = List.of("Array buffer allocation failed", "Fatal process out of memory",
            "memory allocation of ");

    /** How much of the end of stderr is searched for the markers. */
    static final int STDERR_TAIL_CHARS = 16 * 1024;

    private OutcomeClassifier() {
    }

    record Verdict(Outcome outcome, String message) {
    }

    /**
     * @param endedBy what ended the run early, or null
     * @param endedBecause the sentence that goes with it
     * @param exitCode the process's exit code (128 + n when a signal n ended it)
     */
    static Verdict classify(Outcome endedBy, String endedBecause, int exitCode, String stderr, int heapMb, int memoryLimitMb) {
        if (endedBy != null) {
            return new Verdict(endedBy, endedBecause);
        }
        String tail = stderr.length() > STDERR_TAIL_CHARS ? stderr.substring(stderr.length() - STDERR_TAIL_CHARS) : stderr;
        if (exitCode != 0 && containsAny(tail, HEAP_MARKERS)) {
            return new Verdict(Outcome.MEMORY_LIMITED, "the script ran out of its V8 heap limit of " + heapMb + " MB");
        }
        if (exitCode != 0 && containsAny(tail, PROCESS_MEMORY_MARKERS)) {
            return new Verdict(Outcome.MEMORY_LIMITED, memoryLimitMb > 0
                    ? "the script reached its memory limit of " + memoryLimitMb + " MB (buffers and other memory outside the heap)"
                    : "the script could not allocate memory");
        }
        if (exitCode == 0) {
            return new Verdict(Outcome.SUCCEEDED, null);
        }
        if (exitCode > 128) {
            return new Verdict(Outcome.FAILED, "the process was ended by signal " + (exitCode - 128));
        }
        return new Verdict(Outcome.FAILED, "the script exited with code " + exitCode + " (see its stderr)");
    }

    private static boolean containsAny(String text, List<String> markers) {
        for (String marker : markers) {
            if (text.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}

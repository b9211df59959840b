package io.tidepool.scripts.control;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Future;

import io.tidepool.scripts.entity.Outcome;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.RunState;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Script;

/**
 * A run that is queued or running: its live output, its process once started, and what ended it
 * early if something did (a stop, the wall clock, a shutdown). Every change happens under this
 * object's monitor, which is also what live-output readers wait on.
 */
final class ActiveRun {

    private final String id;
    private final Script script;
    private final RunTrigger trigger;
    private final Instant queuedAt = now();
    private final OutputTail stdout;
    private final OutputTail stderr;

    private RunState state = RunState.QUEUED;
    private Instant startedAt;
    private Future<?> task;
    private Process process;
    private PermissionAudit audit;
    private Outcome endedBy;
    private String endedBecause;
    private Run finished;

    ActiveRun(String id, Script script, RunTrigger trigger, int outputLimitBytes) {
        this.id = id;
        this.script = script;
        this.trigger = trigger;
        this.stdout = new OutputTail(outputLimitBytes);
        this.stderr = new OutputTail(outputLimitBytes);
    }

    /** Milliseconds, as the store keeps them: a run reads the same live and after it finished. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    String id() {
        return id;
    }

    Script script() {
        return script;
    }

    OutputTail stdout() {
        return stdout;
    }

    OutputTail stderr() {
        return stderr;
    }

    synchronized void queuedAs(Future<?> queuedTask) {
        this.task = queuedTask;
    }

    /** Moves to running; false if the run was ended while it waited. */
    synchronized boolean begin(PermissionAudit permissionAudit) {
        if (endedBy != null) {
            return false;
        }
        state = RunState.RUNNING;
        startedAt = now();
        audit = permissionAudit;
        return true;
    }

    synchronized Instant startedAt() {
        return startedAt;
    }

    synchronized PermissionAudit audit() {
        return audit;
    }

    /** Records the started process; if the run was ended meanwhile, kills it at once. */
    synchronized void attach(Process started) {
        process = started;
        if (endedBy != null) {
            ProcessTree.kill(started.toHandle());
        }
    }

    /**
     * Ends the run early for {@code reason} (the first reason wins): kills its process if it has one,
     * or takes a queued run off the executor's queue. Returns true if the run was still queued and is
     * now cancelled, so its record must be finished by the caller: its task will never run.
     */
    synchronized boolean end(Outcome reason, String because) {
        if (finished != null) {
            return false;
        }
        if (endedBy == null) {
            endedBy = reason;
            endedBecause = because;
        }
        if (process != null) {
            ProcessTree.kill(process.toHandle());
            return false;
        }
        return state == RunState.QUEUED && task != null && task.cancel(false);
    }

    synchronized Outcome endedBy() {
        return endedBy;
    }

    synchronized String endedBecause() {
        return endedBecause;
    }

    /** The wall-clock limit of this run: the script's own, or the server's if that is shorter or the script has none. */
    Duration timeout(Duration serverLimit) {
        Duration own = script.timeout();
        return own != null && own.compareTo(serverLimit) < 0 ? own : serverLimit;
    }

    synchronized void finish(Run record) {
        finished = record;
        notifyAll();
    }

    synchronized boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Wakes live-output readers. */
    synchronized void outputWritten() {
        notifyAll();
    }

    /**
     * Waits until there is output past the given offsets, the run finishes, or the timeout passes.
     * Returns whether the run has finished.
     */
    synchronized boolean awaitOutput(long stdoutOffset, long stderrOffset, Duration timeout) throws InterruptedException {
        if (finished == null && stdout.total() <= stdoutOffset && stderr.total() <= stderrOffset) {
            wait(Math.max(1, timeout.toMillis()));
        }
        return finished != null;
    }

    RunOutput output() {
        return new RunOutput(stdout.text(), stdout.total(), stderr.text(), stderr.total());
    }

    /** The run as the API reports it now. */
    synchronized Run snapshot(int events) {
        if (finished != null) {
            return finished;
        }
        List<String> denied = audit == null ? List.of() : audit.denied();
        Long pid = process == null ? null : process.pid();
        return new Run(id, script.name(), script.version(), trigger, state, null, null, null, queuedAt, startedAt, null, pid,
                events, denied, stdout.total(), stderr.total());
    }

    /** The final record of a run that ended without running: refused by the executor, or stopped while queued. */
    synchronized Run neverStarted(Outcome outcome, String because) {
        return new Run(id, script.name(), script.version(), trigger, RunState.FINISHED, outcome, null, because, queuedAt, null,
                now(), null, 0, List.of(), 0, 0);
    }

    /** The final record of a run whose process has ended (or never started: {@code exitCode} null). */
    synchronized Run completed(Outcome outcome, Integer exitCode, String message, int events) {
        List<String> denied = audit == null ? List.of() : audit.denied();
        Long pid = process == null ? null : process.pid();
        return new Run(id, script.name(), script.version(), trigger, RunState.FINISHED, outcome, exitCode, message, queuedAt,
                startedAt, now(), pid, events, denied, stdout.total(), stderr.total());
    }
}

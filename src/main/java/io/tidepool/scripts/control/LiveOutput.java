package io.tidepool.scripts.control;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.scripts.control.OutputTail.Chunk;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;

/**
 * Follows a run's output for a live reader: what is already kept first, then each new piece as it
 * is written, cut at whole UTF-8 characters, then the finished run. The reader's pace never slows
 * the script: output is read from the run's buffers, and a reader that falls more than the output
 * limit behind continues from the oldest kept byte.
 */
@ApplicationScoped
public class LiveOutput {

    private static final Duration WAIT = Duration.ofSeconds(1);

    @Inject
    RunLauncher launcher;

    /** Receives one event; returns false when the reader has gone, which ends the following. */
    @FunctionalInterface
    public interface Sender {
        boolean send(String event, String data);
    }

    public void follow(String runId, Sender sender, Function<Run, String> end) throws InterruptedException {
        Optional<ActiveRun> active = launcher.active(runId);
        if (active.isEmpty()) {
            Run run = launcher.current(runId).orElseThrow(() -> ApiException.notFound("no run with id '" + runId + "'"));
            RunOutput output = launcher.output(runId).orElse(RunOutput.EMPTY);
            if ((output.stdout().isEmpty() || sender.send("stdout", output.stdout()))
                    && (output.stderr().isEmpty() || sender.send("stderr", output.stderr()))) {
                sender.send("end", end.apply(run));
            }
            return;
        }
        ActiveRun run = active.get();
        long stdout = 0;
        long stderr = 0;
        boolean finished = false;
        while (true) {
            long seenStdout = run.stdout().total();
            long seenStderr = run.stderr().total();
            Chunk out = run.stdout().from(stdout, finished);
            if (out.bytes().length > 0 && !sender.send("stdout", out.text())) {
                return;
            }
            stdout = out.end();
            Chunk err = run.stderr().from(stderr, finished);
            if (err.bytes().length > 0 && !sender.send("stderr", err.text())) {
                return;
            }
            stderr = err.end();
            if (finished) {
                sender.send("end", end.apply(launcher.current(runId).orElse(run.snapshot(0))));
                return;
            }
            finished = run.awaitOutput(seenStdout, seenStderr, WAIT);
        }
    }
}

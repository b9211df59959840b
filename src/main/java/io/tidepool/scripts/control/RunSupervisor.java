package io.tidepool.scripts.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.HumanDuration;
import io.tidepool.platform.LogEvent;
import io.tidepool.query.control.RunTokens;
import io.tidepool.query.control.RunTokens.RunToken;
import io.tidepool.scripts.control.DenoSandbox.RunDirectory;
import io.tidepool.scripts.control.OutcomeClassifier.Verdict;
import io.tidepool.scripts.entity.Outcome;
import io.tidepool.scripts.entity.Run;

/**
 * Carries out one run on a thread of the scripts' managed executor: issues its token, prepares its
 * directory, starts Deno in the sandbox, captures both output streams (the last part of each),
 * kills the process tree at the wall-clock limit, and records how it ended. The executor's thread
 * is held for the whole run, which is exactly how the executor's concurrency policy caps the number
 * of scripts running at once.
 */
@ApplicationScoped
public class RunSupervisor {

    private static final Logger LOG = Logger.getLogger(RunSupervisor.class.getName());

    /** How long the output pumps may take to drain a pipe after the process has ended. */
    private static final Duration PUMP_GRACE = Duration.ofSeconds(5);
    private static final Duration EXIT_GRACE = Duration.ofSeconds(10);

    @Inject
    DenoSandbox sandbox;

    @Inject
    ScriptLimits limits;

    @Inject
    ScriptStore store;

    @Inject
    RunTokens tokens;

    @Inject
    ScriptMetrics metrics;

    @Resource(lookup = "concurrent/tidepool-threads")
    ManagedThreadFactory threads;

    void execute(ActiveRun run) {
        if (!run.begin(sandbox.audit())) {
            record(run, run.neverStarted(run.endedBy(), run.endedBecause()));
            return;
        }
        RunToken token = tokens.issue(run.script().name(), run.id());
        RunDirectory directory = null;
        Integer exitCode = null;
        String startFailure = null;
        boolean interrupted = false;
        try {
            directory = sandbox.prepare(run.id(), run.script().name(), run.script().source());
            Process process = sandbox.start(directory, token.value(), run.script().name(), run.id());
            run.attach(process);
            Thread out = pump(process.getInputStream(), run, false);
            Thread err = pump(process.getErrorStream(), run, true);
            store.markRunning(run.id(), run.startedAt(), process.pid());
            Duration limit = run.timeout(limits.timeout());
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                run.end(Outcome.TIMED_OUT, "killed after its wall-clock limit of " + HumanDuration.format(limit));
            }
            if (process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                exitCode = process.exitValue();
            }
            out.join(PUMP_GRACE.toMillis());
            err.join(PUMP_GRACE.toMillis());
        } catch (IOException | UncheckedIOException e) {
            startFailure = "the script could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            interrupted = true;
            run.end(Outcome.INTERRUPTED, "the server stopped while the script ran");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Supervising run " + run.id() + " of script " + run.script().name() + " failed: " + e, e);
            run.end(Outcome.FAILED, "Tidepool could not supervise the run: " + e.getMessage());
        } finally {
            tokens.revoke(token);
            if (directory != null) {
                DenoSandbox.deleteTree(directory.path());
            }
        }
        if (run.audit() != null) {
            run.audit().scanOutput(run.stdout().text());
            run.audit().scanOutput(run.stderr().text());
        }
        Run result;
        if (startFailure != null && run.endedBy() == null) {
            result = run.completed(Outcome.FAILED, null, startFailure, token.events());
        } else {
            Verdict verdict = OutcomeClassifier.classify(run.endedBy(), run.endedBecause(), exitCode == null ? -1 : exitCode,
                    run.stderr().text(), limits.heapMb(), limits.memoryLimitMb());
            result = run.completed(verdict.outcome(), exitCode, verdict.message(), token.events());
        }
        record(run, result);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Persists a run's final record, then wakes whoever waits for it. */
    void record(ActiveRun run, Run result) {
        try {
            store.finishRun(result, run.output());
            store.pruneRuns(result.script(), limits.runsKept());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not record the end of run " + result.id() + " of script " + result.script() + ": " + e, e);
        }
        run.finish(result);
        metrics.finished(result);
        Duration took = result.duration();
        LogEvent event = LogEvent.named("script_run").field("script", result.script()).field("run_id", result.id())
                .field("trigger", result.trigger().label()).field("outcome", result.outcome().label())
                .field("events", result.events()).field("denials", result.denied().size());
        if (took != null) {
            event.field("duration_ms", took.toMillis());
        }
        if (result.exitCode() != null) {
            event.field("exit_code", result.exitCode());
        }
        event.log(LOG, Level.INFO, () -> "Script " + result.script() + " run " + result.id() + " " + result.outcome().label()
                + (took == null ? "" : " after " + took.toMillis() + " ms")
                + (result.exitCode() == null ? "" : " (exit code " + result.exitCode() + ")") + ", " + result.events() + " events"
                + (result.message() == null ? "." : ": " + result.message() + "."));
        if (!result.denied().isEmpty()) {
            LogEvent.named("script_denied").field("script", result.script()).field("run_id", result.id())
                    .field("denied", String.join(", ", result.denied()))
                    .log(LOG, Level.WARNING, () -> "Script " + result.script() + " run " + result.id()
                            + " was denied by the sandbox: " + String.join(", ", result.denied()) + ".");
        }
    }

    /** Copies a process's stream into the run's output on a thread of its own, so a full pipe never blocks the script. */
    private Thread pump(InputStream stream, ActiveRun run, boolean isStderr) {
        OutputTail tail = isStderr ? run.stderr() : run.stdout();
        StderrSplitter splitter = isStderr ? new StderrSplitter(new StderrSplitter.Sink() {
            @Override
            public void output(byte[] bytes, int offset, int length) {
                tail.append(bytes, offset, length);
            }

            @Override
            public boolean audit(String line) {
                return run.audit().accept(line);
            }
        }) : null;
        Thread thread = threads.newThread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) != -1) {
                    if (splitter != null) {
                        splitter.write(buffer, 0, n);
                    } else {
                        tail.append(buffer, 0, n);
                    }
                    run.outputWritten();
                }
            } catch (IOException e) {
                // The process was killed and its pipe closed: the output up to here is what there is.
            } finally {
                if (splitter != null) {
                    splitter.close();
                }
                run.outputWritten();
            }
        });
        thread.setName("tidepool-run-" + run.id() + (isStderr ? "-stderr" : "-stdout"));
        thread.start();
        return thread;
    }
}

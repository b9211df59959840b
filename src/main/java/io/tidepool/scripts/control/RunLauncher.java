package io.tidepool.scripts.control;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.Stopping;
import io.tidepool.query.control.RunTokens;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.Caller;
import io.tidepool.scripts.entity.Outcome;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.RunState;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Script;

/**
 * Starts and stops runs. Every run is a task on {@code concurrent/tidepool-scripts}, the managed
 * executor defined in server.xml whose concurrency policy runs at most 5 at once and queues a
 * bounded number more; past the queue the executor refuses, and so does this class (429), after
 * recording the run as refused. Runs in progress are kept here with their live output.
 */
@ApplicationScoped
public class RunLauncher {

    private static final Logger LOG = Logger.getLogger(RunLauncher.class.getName());

    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final int MAX_COUNTED_EVENTS = 10_000;

    @Resource(lookup = "concurrent/tidepool-scripts")
    ManagedExecutorService executor;

    @Inject
    RunSupervisor supervisor;

    @Inject
    ScriptStore store;

    @Inject
    ScriptLimits limits;

    @Inject
    RunTokens tokens;

    @Inject
    TelemetryHelpers telemetry;

    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /**
     * Queues a run of the script as it is now.
     *
     * @throws ApiException 429 when the executor's queue is full (the run is recorded as refused),
     *                      503 once Tidepool is shutting down
     */
    public Run start(Script script, RunTrigger trigger) {
        if (stopping) {
            throw ApiException.shuttingDown("Tidepool is shutting down and starts no new runs; start it again after the restart");
        }
        ActiveRun run = new ActiveRun(RunIds.next(), script, trigger, limits.outputLimitBytes());
        store.insertRun(run.snapshot(0));
        active.put(run.id(), run);
        try {
            Future<?> task = executor.submit(() -> {
                try {
                    supervisor.execute(run);
                } finally {
                    active.remove(run.id());
                }
            });
            run.queuedAs(task);
        } catch (RejectedExecutionException e) {
            active.remove(run.id());
            String because = "the script executor was full (" + limits.maxConcurrent()
                    + " running and its queue full; tidepool.scripts.queue-size)";
            supervisor.record(run, run.neverStarted(Outcome.REFUSED, because));
            throw new ApiException(429, "too_many_runs", because + "; run " + run.id() + " was refused, retry later",
                    RETRY_AFTER_SECONDS, e);
        }
        return run.snapshot(0);
    }

    /**
     * Ends a queued or running run and waits (briefly) until it is recorded.
     *
     * @throws ApiException 404 for an unknown run, 409 for one that has already finished
     */
    public Run stop(String runId, String because) {
        ActiveRun run = active.get(runId);
        if (run == null) {
            Run stored = store.findRun(runId).orElseThrow(() -> ApiException.notFound("no run with id '" + runId + "'"));
            throw new ApiException(409, "run_finished", "run " + runId + " has already finished ("
                    + (stored.outcome() == null ? stored.state().label() : stored.outcome().label()) + ")");
        }
        end(run, Outcome.KILLED, because);
        try {
            run.awaitFinished(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return current(runId).orElseThrow(() -> ApiException.notFound("no run with id '" + runId + "'"));
    }

    /** Stops every run of a script (when it is deleted). */
    public void stopAll(String scriptName, String because) {
        for (ActiveRun run : List.copyOf(active.values())) {
            if (run.script().name().equals(scriptName)) {
                end(run, Outcome.KILLED, because);
                try {
                    run.awaitFinished(STOP_WAIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void end(ActiveRun run, Outcome reason, String because) {
        if (run.end(reason, because)) {
            // Taken off the queue before it started: its task will never run, so its record ends here.
            active.remove(run.id());
            supervisor.record(run, run.neverStarted(reason, because));
        }
    }

    public boolean hasActiveRun(String scriptName) {
        return active.values().stream().anyMatch(run -> run.script().name().equals(scriptName));
    }

    /** A run as it is now: live while it is active, else as stored. */
    public Optional<Run> current(String runId) {
        ActiveRun run = active.get(runId);
        if (run != null) {
            return Optional.of(run.snapshot(events(runId)));
        }
        return store.findRun(runId);
    }

    /** Runs, newest first, with the active ones' live state. */
    public List<Run> list(String script, RunState state, int limit) {
        return store.listRuns(script, state, limit).stream()
                .map(run -> run.finished() ? run : current(run.id()).orElse(run))
                .toList();
    }

    public Optional<RunOutput> output(String runId) {
        ActiveRun run = active.get(runId);
        return run != null ? Optional.of(run.output()) : store.output(runId);
    }

    /** The active run with this id, for following its output live. */
    Optional<ActiveRun> active(String runId) {
        return Optional.ofNullable(active.get(runId));
    }

    int activeCount(RunState state) {
        return (int) active.values().stream().filter(run -> run.snapshot(0).state() == state).count();
    }

    private int events(String runId) {
        return tokens.eventsOf(runId);
    }

    /**
     * Marks the runs a previous life of the server left queued or running as interrupted, and kills
     * their processes if they outlived it (a killed JVM does not take its children along). A
     * process is only killed if its command line names the run's directory, so a recycled pid is safe.
     */
    void recoverInterruptedRuns() {
        List<Run> unfinished = store.unfinishedRuns();
        for (Run run : unfinished) {
            if (run.pid() != null) {
                killOrphan(run);
            }
            Run interrupted = new Run(run.id(), run.script(), run.scriptVersion(), run.trigger(), RunState.FINISHED,
                    Outcome.INTERRUPTED, null, "cut off by a server restart", run.queuedAt(), run.startedAt(), ActiveRun.now(),
                    run.pid(), eventsStored(run), run.denied(), run.stdoutBytes(), run.stderrBytes());
            store.finishRun(interrupted, store.output(run.id()).orElse(RunOutput.EMPTY));
        }
        if (!unfinished.isEmpty()) {
            LOG.warning(() -> unfinished.size() + " script runs were cut off by the last shutdown and are recorded as interrupted: "
                    + unfinished.stream().map(r -> r.script() + "/" + r.id()).toList() + ".");
        }
    }

    /** A run's event count lived in memory; what it emitted is in the telemetry file. */
    private int eventsStored(Run run) {
        try {
            return telemetry.runEvents(run.id(), MAX_COUNTED_EVENTS, Caller.INTERNAL).size();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not count the events of interrupted run {0}: {1}", new Object[] {run.id(), e.getMessage()});
            return run.events();
        }
    }

    private void killOrphan(Run run) {
        String marker = "/runs/" + run.id() + "/";
        ProcessHandle.of(run.pid()).ifPresent(process -> {
            boolean ours = process.info().commandLine().map(line -> line.contains(marker)).orElse(false);
            if (ours && process.isAlive()) {
                LOG.warning(() -> "Killing process " + run.pid() + " of run " + run.id() + " of script " + run.script()
                        + ", left running by the previous server.");
                ProcessTree.kill(process);
            }
        });
    }

    /**
     * First among the work Tidepool stops: a run that outlived the SDK API would fail on its next
     * request and be recorded as failed rather than interrupted.
     */
    void onStopping(@Observes @Priority(Stopping.RUNS) Stopping event) {
        stopping = true;
        stopEverything();
    }

    /** On shutdown, ends every run (recorded as interrupted) rather than leaving processes behind. */
    @PreDestroy
    void stopEverything() {
        stopping = true;
        Collection<ActiveRun> runs = List.copyOf(active.values());
        for (ActiveRun run : runs) {
            end(run, Outcome.INTERRUPTED, "the server stopped while the script ran");
        }
        for (ActiveRun run : runs) {
            try {
                run.awaitFinished(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Run {0} did not finish cleanly at shutdown: {1}", new Object[] {run.id(), e});
            }
        }
    }
}

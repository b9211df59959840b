package io.tidepool.scripts.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.tidepool.ingest.control.TelemetryWriter;

/**
 * Brings the script runner up in order: the store's tables, the SDK copy and the sandbox check,
 * the runs a previous life of the server left unfinished (recorded as interrupted, their processes
 * killed), then the schedules. Nothing here waits for a managed task: those only start once the
 * application has started.
 */
@ApplicationScoped
public class RunnerStartup {

    public static final int STARTUP_PRIORITY = TelemetryWriter.STARTUP_PRIORITY + 100;

    @Inject
    ScriptStore store;

    @Inject
    DenoSandbox sandbox;

    @Inject
    RunLauncher launcher;

    @Inject
    ScriptScheduler scheduler;

    void onStart(@Observes @Priority(STARTUP_PRIORITY) @Initialized(ApplicationScoped.class) Object event) {
        store.createSchema();
        sandbox.install();
        launcher.recoverInterruptedRuns();
        scheduler.armAll();
    }
}

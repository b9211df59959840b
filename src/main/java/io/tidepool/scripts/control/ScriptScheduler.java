package io.tidepool.scripts.control;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.CronTrigger;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.Stopping;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Schedule;
import io.tidepool.scripts.entity.Script;

/**
 * Starts scripts on their schedules with the container's scheduler ({@code concurrent/tidepool-scheduler}):
 * a fixed interval with {@code scheduleAtFixedRate}, a cron expression with Jakarta Concurrency's
 * {@link CronTrigger}. A firing only queues a run on the scripts' executor, so a long script never
 * holds a scheduler thread. A firing while the script's previous run is still queued or running is
 * skipped rather than piling runs up; a firing that finds the executor full is recorded as a
 * refused run.
 */
@ApplicationScoped
public class ScriptScheduler {

    private static final Logger LOG = Logger.getLogger(ScriptScheduler.class.getName());

    @Resource(lookup = "concurrent/tidepool-scheduler")
    ManagedScheduledExecutorService scheduler;

    @Inject
    RunLauncher launcher;

    @Inject
    ScriptStore store;

    private final Map<String, ScheduledFuture<?>> armed = new ConcurrentHashMap<>();

    /** (Re)arms a script's schedule, or disarms it if it has none. */
    public void arm(Script script) {
        disarm(script.name());
        Schedule schedule = script.schedule();
        if (schedule == null) {
            return;
        }
        String name = script.name();
        Runnable fire = () -> fire(name);
        ScheduledFuture<?> future = schedule.isCron()
                ? scheduler.schedule(fire, new CronTrigger(schedule.cron(), schedule.zone()))
                : scheduler.scheduleAtFixedRate(fire, schedule.every().toMillis(), schedule.every().toMillis(), TimeUnit.MILLISECONDS);
        armed.put(name, future);
    }

    public void disarm(String scriptName) {
        ScheduledFuture<?> future = armed.remove(scriptName);
        if (future != null) {
            future.cancel(false);
        }
    }

    /** When the schedule fires next, or null if the script has none. */
    public Instant nextRun(String scriptName) {
        ScheduledFuture<?> future = armed.get(scriptName);
        if (future == null || future.isDone()) {
            return null;
        }
        // To the nearest second: cron times are whole seconds, and the delay is read a moment later.
        return Instant.now().plusMillis(Math.max(0, future.getDelay(TimeUnit.MILLISECONDS)) + 500).truncatedTo(ChronoUnit.SECONDS);
    }

    void armAll() {
        int count = 0;
        for (Script script : store.listScripts()) {
            if (script.schedule() != null) {
                arm(script);
                count++;
            }
        }
        int armedCount = count;
        LOG.info(() -> armedCount + " script schedules armed.");
    }

    /** Never throws: an exception would silently end a fixed-rate schedule. */
    private void fire(String name) {
        try {
            if (launcher.hasActiveRun(name)) {
                LOG.info(() -> "Schedule of script " + name + " fired while its previous run is still active; skipped.");
                return;
            }
            Script script = store.findScript(name).orElse(null);
            if (script == null) {
                disarm(name);
                return;
            }
            launcher.start(script, RunTrigger.SCHEDULE);
        } catch (ApiException e) {
            LOG.warning(() -> "Scheduled run of script " + name + " was refused: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Scheduled run of script " + name + " failed to start: " + e, e);
        }
    }

    void onStopping(@Observes @Priority(Stopping.SCHEDULES) Stopping event) {
        disarmAll();
    }

    @PreDestroy
    void disarmAll() {
        armed.keySet().forEach(this::disarm);
    }
}

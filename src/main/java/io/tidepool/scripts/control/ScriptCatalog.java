package io.tidepool.scripts.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.HumanDuration;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunTrigger;
import io.tidepool.scripts.entity.Schedule;
import io.tidepool.scripts.entity.Script;
import io.tidepool.scripts.entity.ScriptDefinition;

/** Registers, updates and deletes scripts, keeps their schedules armed, and starts their runs. */
@ApplicationScoped
public class ScriptCatalog {

    private static final Logger LOG = Logger.getLogger(ScriptCatalog.class.getName());

    @Inject
    ScriptStore store;

    @Inject
    ScriptScheduler scheduler;

    @Inject
    RunLauncher launcher;

    @Inject
    ScriptLimits limits;

    public synchronized Script register(ScriptDefinition definition) {
        if (definition.name() == null) {
            throw ApiException.badRequest("missing_field", "field 'name' is required: " + ScriptDefinition.NAME_RULE);
        }
        checkTimeout(definition.timeout());
        if (store.findScript(definition.name()).isPresent()) {
            throw new ApiException(409, "script_exists", "a script named '" + definition.name()
                    + "' already exists; update it with PUT /scripts/" + definition.name());
        }
        Instant now = ActiveRun.now();
        Script script = new Script(definition.name(), definition.description(), definition.source(), definition.timeout(),
                definition.schedule(), 1, now, now);
        store.insertScript(script);
        scheduler.arm(script);
        LOG.info(() -> "Script " + script.name() + " registered (" + script.source().length() + " characters"
                + (script.schedule() == null ? "" : ", runs " + script.schedule()) + ").");
        return script;
    }

    /** Replaces source, description and timeout; the schedule only if the definition has one (or null). */
    public synchronized Script update(String name, ScriptDefinition definition) {
        Script current = find(name);
        if (definition.name() != null && !definition.name().equals(name)) {
            throw ApiException.badRequest("invalid_field", "field 'name' ('" + definition.name()
                    + "') differs from the script in the path ('" + name + "'); scripts cannot be renamed");
        }
        checkTimeout(definition.timeout());
        Schedule schedule = definition.scheduleGiven() ? definition.schedule() : current.schedule();
        Script updated = new Script(name, definition.description(), definition.source(), definition.timeout(), schedule,
                current.version() + 1, current.createdAt(), ActiveRun.now());
        store.updateScript(updated);
        scheduler.arm(updated);
        LOG.info(() -> "Script " + name + " updated to version " + updated.version() + ".");
        return updated;
    }

    public synchronized Script schedule(String name, Schedule schedule) {
        Script updated = find(name).withSchedule(schedule);
        store.updateScript(updated);
        scheduler.arm(updated);
        LOG.info(() -> "Script " + name + (schedule == null ? " is no longer scheduled." : " runs " + schedule + "."));
        return updated;
    }

    /** Deletes a script with its schedule and run records, stopping its runs first. */
    public void delete(String name) {
        find(name);
        scheduler.disarm(name);
        launcher.stopAll(name, "its script was deleted");
        synchronized (this) {
            store.deleteScript(name);
        }
        LOG.info(() -> "Script " + name + " deleted with its runs.");
    }

    public Script find(String name) {
        return store.findScript(name).orElseThrow(() -> ApiException.notFound("no script named '" + name + "'"));
    }

    public List<Script> list() {
        return store.listScripts();
    }

    public Run run(String name) {
        return launcher.start(find(name), RunTrigger.MANUAL);
    }

    private void checkTimeout(Duration timeout) {
        if (timeout != null && timeout.compareTo(limits.timeout()) > 0) {
            throw ApiException.badRequest("invalid_field", "'timeout' " + HumanDuration.format(timeout)
                    + " is longer than the server's limit of " + HumanDuration.format(limits.timeout()) + " (tidepool.scripts.timeout)");
        }
    }
}

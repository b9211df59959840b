package io.tidepool.scripts.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import io.tidepool.platform.HumanDuration;
import io.tidepool.platform.JsonFields;
import io.tidepool.query.entity.StoredEvent;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.Script;

/** The JSON shapes of the script API (docs/scripts.md): snake_case names, ISO-8601 instants, null for "none". */
public final class ScriptsJson {

    private ScriptsJson() {
    }

    public static JsonObject script(Script script, Instant nextRun, boolean withSource) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("name", script.name());
        JsonFields.text(json, "description", script.description());
        json.add("version", script.version());
        JsonFields.text(json, "timeout", script.timeout() == null ? null : HumanDuration.format(script.timeout()));
        json.add("schedule", script.schedule() == null ? JsonValue.NULL : script.schedule().toJson());
        JsonFields.instant(json, "next_run", nextRun);
        JsonFields.instant(json, "created_at", script.createdAt());
        JsonFields.instant(json, "updated_at", script.updatedAt());
        if (withSource) {
            json.add("source", script.source());
        }
        return json.build();
    }

    public static JsonObject run(Run run) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", run.id())
                .add("script", run.script())
                .add("script_version", run.scriptVersion())
                .add("trigger", run.trigger().label())
                .add("state", run.state().label());
        JsonFields.text(json, "outcome", run.outcome() == null ? null : run.outcome().label());
        JsonFields.number(json, "exit_code", run.exitCode());
        JsonFields.text(json, "message", run.message());
        JsonFields.instant(json, "queued_at", run.queuedAt());
        JsonFields.instant(json, "started_at", run.startedAt());
        JsonFields.instant(json, "finished_at", run.finishedAt());
        Duration duration = run.duration();
        JsonFields.number(json, "duration_ms", duration == null ? null : duration.toMillis());
        JsonFields.number(json, "pid", run.pid());
        JsonArrayBuilder denied = JSON.createArrayBuilder();
        run.denied().forEach(denied::add);
        return json.add("events", run.events())
                .add("denied", denied)
                .add("stdout_bytes", run.stdoutBytes())
                .add("stderr_bytes", run.stderrBytes())
                .build();
    }

    public static JsonObject runs(List<Run> runs) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        runs.forEach(run -> array.add(run(run)));
        return JSON.createObjectBuilder().add("runs", array).add("count", runs.size()).build();
    }

    /** The kept part of each stream; {@code *_truncated} says whether earlier output was dropped. */
    public static JsonObject output(Run run, RunOutput output) {
        return JSON.createObjectBuilder()
                .add("id", run.id())
                .add("state", run.state().label())
                .add("stdout", output.stdout())
                .add("stdout_bytes", output.stdoutBytes())
                .add("stdout_truncated", truncated(output.stdout(), output.stdoutBytes()))
                .add("stderr", output.stderr())
                .add("stderr_bytes", output.stderrBytes())
                .add("stderr_truncated", truncated(output.stderr(), output.stderrBytes()))
                .build();
    }

    public static JsonObject events(String runId, List<StoredEvent> events) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (StoredEvent event : events) {
            array.add(JSON.createObjectBuilder()
                    .add("timestamp", event.timestamp().toString())
                    .add("name", event.name())
                    .add("severity", event.severity())
                    .add("data", parse(event.dataJson())));
        }
        return JSON.createObjectBuilder().add("run", runId).add("events", array).add("count", events.size()).build();
    }

    private static boolean truncated(String kept, long total) {
        return kept.getBytes(StandardCharsets.UTF_8).length < total;
    }

    private static JsonValue parse(String json) {
        if (json == null) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}

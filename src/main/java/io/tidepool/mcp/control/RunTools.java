package io.tidepool.mcp.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import io.tidepool.mcp.control.McpTool.Effect;
import io.tidepool.platform.ApiException;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.StoredEvent;
import io.tidepool.scripts.boundary.ScriptsJson;
import io.tidepool.scripts.control.RunLauncher;
import io.tidepool.scripts.control.ScriptCatalog;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunOutput;
import io.tidepool.scripts.entity.RunState;

/**
 * {@code run_script}, {@code get_run}, {@code stop_run} and {@code list_runs} through the run launcher, as the
 * script API's /runs resources; runs count against the same concurrency limit and queue.
 */
@ApplicationScoped
public class RunTools {

    static final int MAX_WAIT_SECONDS = 120;
    static final int DEFAULT_TAIL_CHARS = 4000;
    static final int MAX_TAIL_CHARS = 100_000;
    static final int MAX_EVENTS = 100;
    static final int DEFAULT_RUNS = 20;
    static final int MAX_RUNS = 1000;
    private static final long POLL_MILLIS = 100;

    private static final String RUN_SCHEMA = """
            {"type": "object", "required": ["id", "script", "state"], "properties": {
              "id": {"type": "string"}, "script": {"type": "string"}, "state": {"type": "string"},
              "outcome": {"type": ["string", "null"]}, "exit_code": {"type": ["integer", "null"]},
              "message": {"type": ["string", "null"]}, "events": {"type": ["integer", "array"]},
              "stdout": {"type": "string"}, "stderr": {"type": "string"}}}""";

    @Inject
    ScriptCatalog catalog;

    @Inject
    RunLauncher launcher;

    @Inject
    TelemetryHelpers telemetry;

    public List<McpTool> tools() {
        return List.of(runScript(), getRun(), stopRun(), listRuns());
    }

    McpTool runScript() {
        return new McpTool("run_script", "Run a script",
                "Starts a run of a script now and waits up to wait_seconds (default 0) for it to end; then read its output "
                        + "and events with get_run.",
                """
                {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
                  "name": {"type": "string"},
                  "wait_seconds": {"type": "integer", "minimum": 0, "maximum": 120, "default": 0}}}""",
                RUN_SCHEMA, Effect.WRITES, (arguments, user) -> {
                    String name = arguments.required("name");
                    int waitSeconds = arguments.integer("wait_seconds", 0, 0, MAX_WAIT_SECONDS);
                    Run run = awaitEnd(catalog.run(name), waitSeconds);
                    return new ToolAnswer(ScriptsJson.run(run), describe(run) + (run.finished() ? "" : "; call get_run with id " + run.id()));
                });
    }

    McpTool getRun() {
        return new McpTool("get_run", "Read a run",
                "A run's state and outcome, the last tail_chars characters of its stdout and stderr, and the events it emitted.",
                """
                {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {
                  "id": {"type": "string"},
                  "tail_chars": {"type": "integer", "minimum": 0, "maximum": 100000, "default": 4000}}}""",
                RUN_SCHEMA, Effect.READS, (arguments, user) -> {
                    String id = arguments.required("id");
                    int tail = arguments.integer("tail_chars", DEFAULT_TAIL_CHARS, 0, MAX_TAIL_CHARS);
                    Run run = find(id);
                    RunOutput output = launcher.output(id).orElse(RunOutput.EMPTY);
                    List<StoredEvent> events = telemetry.runEvents(id, MAX_EVENTS, user.caller());
                    JsonObject eventsJson = ScriptsJson.events(id, events);
                    JsonObject json = JSON.createObjectBuilder(ScriptsJson.run(run))
                            .add("stdout", tail(output.stdout(), tail)).add("stdout_bytes", output.stdoutBytes())
                            .add("stderr", tail(output.stderr(), tail)).add("stderr_bytes", output.stderrBytes())
                            .add("events", eventsJson.getJsonArray("events"))
                            .add("event_count", events.size())
                            .build();
                    return new ToolAnswer(json, describe(run) + ", " + events.size() + " events, " + output.stdoutBytes()
                            + " bytes of stdout, " + output.stderrBytes() + " of stderr");
                });
    }

    McpTool stopRun() {
        return new McpTool("stop_run", "Stop a run", "Stops a queued or running run (its process tree is killed).",
                """
                {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {
                  "id": {"type": "string"}}}""",
                RUN_SCHEMA, Effect.DESTROYS, (arguments, user) -> {
                    Run run = launcher.stop(arguments.required("id"), "stopped by request");
                    return new ToolAnswer(ScriptsJson.run(run), describe(run));
                });
    }

    McpTool listRuns() {
        return new McpTool("list_runs", "List runs", "Runs, newest first, optionally of one script and in one state.",
                """
                {"type": "object", "additionalProperties": false, "properties": {
                  "script": {"type": "string"},
                  "state": {"type": "string", "enum": ["queued", "running", "finished"]},
                  "limit": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 20}}}""",
                """
                {"type": "object", "required": ["runs", "count"], "properties": {
                  "runs": {"type": "array", "items": {"type": "object"}}, "count": {"type": "integer"}}}""",
                Effect.READS, (arguments, user) -> {
                    String script = arguments.text("script");
                    String state = arguments.text("state");
                    RunState runState;
                    try {
                        runState = state == null || state.isBlank() ? null : RunState.of(state.strip());
                    } catch (IllegalArgumentException e) {
                        throw ApiException.badRequest("invalid_argument", "'state' must be queued, running or finished, got '" + state + "'");
                    }
                    List<Run> runs = launcher.list(script == null || script.isBlank() ? null : script, runState,
                            arguments.integer("limit", DEFAULT_RUNS, 1, MAX_RUNS));
                    return new ToolAnswer(ScriptsJson.runs(runs), runs.size() + " runs");
                });
    }

    /** A run's kept output as text (stdout, then stderr after a marker line); null for an unknown run. */
    public String outputText(String id) {
        return launcher.output(id).map(output -> output.stdout()
                + (output.stderr().isEmpty() ? "" : "\n--- stderr ---\n" + output.stderr())).orElse(null);
    }

    private Run awaitEnd(Run started, int waitSeconds) {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        Run run = started;
        while (!run.finished() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            run = launcher.current(started.id()).orElse(run);
        }
        return run;
    }

    private Run find(String id) {
        return launcher.current(id).orElseThrow(() -> ApiException.notFound("no run with id '" + id + "'"));
    }

    private static String describe(Run run) {
        return "run " + run.id() + " of " + run.script() + " is " + run.state().label()
                + (run.outcome() == null ? "" : " (" + run.outcome().label() + (run.exitCode() == null ? "" : ", exit code " + run.exitCode()) + ")")
                + (run.message() == null ? "" : ": " + run.message());
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}

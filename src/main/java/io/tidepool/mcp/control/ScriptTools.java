package io.tidepool.mcp.control;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import io.tidepool.mcp.control.McpTool.Effect;
import io.tidepool.platform.ApiException;
import io.tidepool.scripts.boundary.ScriptsJson;
import io.tidepool.scripts.control.ScriptCatalog;
import io.tidepool.scripts.control.ScriptLimits;
import io.tidepool.scripts.control.ScriptScheduler;
import io.tidepool.scripts.control.ScriptTypeCheck;
import io.tidepool.scripts.entity.Script;
import io.tidepool.scripts.entity.ScriptDefinition;

/**
 * {@code list_scripts}, {@code get_script}, {@code deploy_script} and {@code delete_script} through the script
 * catalog, as the script API's /scripts resources; a deployed source is type-checked against the SDK first.
 */
@ApplicationScoped
public class ScriptTools {

    private static final String SCRIPT_SCHEMA = """
            {"type": "object", "required": ["name", "version"], "properties": {
              "name": {"type": "string"}, "description": {"type": ["string", "null"]}, "version": {"type": "integer"},
              "timeout": {"type": ["string", "null"]}, "schedule": {"type": ["object", "null"]},
              "next_run": {"type": ["string", "null"]}, "created_at": {"type": "string"}, "updated_at": {"type": "string"},
              "source": {"type": "string"}, "created": {"type": "boolean"}}}""";

    @Inject
    ScriptCatalog catalog;

    @Inject
    ScriptScheduler scheduler;

    @Inject
    ScriptLimits limits;

    @Inject
    ScriptTypeCheck typeCheck;

    public List<McpTool> tools() {
        return List.of(listScripts(), getScript(), deployScript(), deleteScript());
    }

    McpTool listScripts() {
        return new McpTool("list_scripts", "List scripts", "The registered scripts with their schedules (without sources).",
                """
                {"type": "object", "properties": {}, "additionalProperties": false}""",
                """
                {"type": "object", "required": ["scripts", "count"], "properties": {
                  "scripts": {"type": "array", "items": {"type": "object"}}, "count": {"type": "integer"}}}""",
                Effect.READS, (arguments, user) -> {
                    List<Script> scripts = catalog.list();
                    JsonArrayBuilder array = JSON.createArrayBuilder();
                    scripts.forEach(s -> array.add(ScriptsJson.script(s, scheduler.nextRun(s.name()), false)));
                    return new ToolAnswer(JSON.createObjectBuilder().add("scripts", array).add("count", scripts.size()).build(),
                            scripts.size() + " scripts" + (scripts.isEmpty() ? ""
                                    : ": " + String.join(", ", scripts.stream().map(Script::name).toList())));
                });
    }

    McpTool getScript() {
        return new McpTool("get_script", "Read a script", "A script's settings and TypeScript source.",
                """
                {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
                  "name": {"type": "string"}}}""",
                SCRIPT_SCHEMA, Effect.READS, (arguments, user) -> {
                    Script script = catalog.find(arguments.required("name"));
                    return new ToolAnswer(ScriptsJson.script(script, scheduler.nextRun(script.name()), true),
                            "script " + script.name() + " version " + script.version() + ", " + script.source().length() + " characters"
                                    + (script.schedule() == null ? "" : ", runs " + script.schedule()));
                });
    }

    McpTool deployScript() {
        return new McpTool("deploy_script", "Deploy a script",
                "Creates a script, or replaces the source and settings of the script of that name. The source is a Deno "
                        + "TypeScript module importing \"@tidepool/sdk\" (read the tidepool://docs/scripts.md resource); it "
                        + "is type-checked against the SDK first, and a type error is reported with its line, with nothing "
                        + "deployed. schedule: {\"every\": \"1m\"} or {\"cron\": \"0 */5 * * * *\", \"zone\": \"UTC\"}; null removes it.",
                """
                {"type": "object", "required": ["name", "source"], "additionalProperties": false, "properties": {
                  "name": {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"},
                  "source": {"type": "string"},
                  "description": {"type": "string"},
                  "timeout": {"type": "string", "description": "e.g. 30s; at most the server's tidepool.scripts.timeout"},
                  "schedule": {"type": ["object", "null"]}}}""",
                SCRIPT_SCHEMA, Effect.WRITES_IDEMPOTENT, (arguments, user) -> {
                    ScriptDefinition definition = ScriptDefinition.from(arguments.json(), limits.maxSourceBytes());
                    if (definition.name() == null) {
                        throw ApiException.badRequest("missing_field", "field 'name' is required: " + ScriptDefinition.NAME_RULE);
                    }
                    typeCheck.check(definition.name(), definition.source());
                    boolean exists = catalog.list().stream().anyMatch(s -> s.name().equals(definition.name()));
                    Script script = exists ? catalog.update(definition.name(), definition) : catalog.register(definition);
                    JsonObject json = JSON.createObjectBuilder(ScriptsJson.script(script, scheduler.nextRun(script.name()), false))
                            .add("created", !exists).build();
                    return new ToolAnswer(json, (exists ? "replaced" : "created") + " script " + script.name() + " (version "
                            + script.version() + ", type-checked" + (script.schedule() == null ? "" : ", runs " + script.schedule())
                            + "); start it with run_script");
                });
    }

    McpTool deleteScript() {
        return new McpTool("delete_script", "Delete a script",
                "Deletes a script with its schedule and run records, stopping its runs first.",
                """
                {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
                  "name": {"type": "string"}}}""",
                """
                {"type": "object", "required": ["deleted"], "properties": {"deleted": {"type": "string"}}}""",
                Effect.DESTROYS, (arguments, user) -> {
                    String name = arguments.required("name");
                    catalog.delete(name);
                    return new ToolAnswer(JSON.createObjectBuilder().add("deleted", name).build(), "deleted script " + name);
                });
    }
}

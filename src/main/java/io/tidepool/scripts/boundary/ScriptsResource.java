package io.tidepool.scripts.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.ApiException;
import io.tidepool.platform.JsonBody;
import io.tidepool.scripts.control.RunLauncher;
import io.tidepool.scripts.control.ScriptCatalog;
import io.tidepool.scripts.control.ScriptLimits;
import io.tidepool.scripts.control.ScriptScheduler;
import io.tidepool.scripts.control.ScriptTypeCheck;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.Schedule;
import io.tidepool.scripts.entity.Script;
import io.tidepool.scripts.entity.ScriptDefinition;

/**
 * Script administration on the admin port: register, update, delete, run, schedule.
 *
 * <pre>
 * curl -s -u admin https://localhost:9081/scripts -H 'Content-Type: application/json' \
 *   -d "$(jq -n --rawfile src latency-alert.ts '{name: "latency-alert", source: $src, schedule: {every: "1m"}}')"
 * curl -s -u admin -X POST https://localhost:9081/scripts/latency-alert/runs
 * </pre>
 */
@Tag(name = "scripts")
@SecurityRequirement(name = "basic")
@Path("/scripts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ScriptsResource {

    /** JSON may escape one byte of source as six ("\\u0001"), plus room for the other fields. */
    private static final int ESCAPING_FACTOR = 6;
    private static final int OTHER_FIELDS_BYTES = 64 * 1024;

    @Inject
    ScriptCatalog catalog;

    @Inject
    ScriptScheduler scheduler;

    @Inject
    RunLauncher launcher;

    @Inject
    ScriptLimits limits;

    @Inject
    ScriptTypeCheck typeCheck;

    @POST
    public Response register(@HeaderParam("Content-Type") String contentType, @QueryParam("check") String check,
            InputStream body) {
        ScriptDefinition definition = definition(contentType, body);
        if (checkRequested(check) && definition.name() != null) {
            typeCheck.check(definition.name(), definition.source());
        }
        Script script = catalog.register(definition);
        return Response.created(URI.create("/scripts/" + script.name()))
                .entity(ScriptsJson.script(script, scheduler.nextRun(script.name()), true)).build();
    }

    @GET
    public JsonObject list() {
        List<Script> scripts = catalog.list();
        JsonArrayBuilder array = JSON.createArrayBuilder();
        scripts.forEach(script -> array.add(ScriptsJson.script(script, scheduler.nextRun(script.name()), false)));
        return JSON.createObjectBuilder().add("scripts", array).add("count", scripts.size()).build();
    }

    @GET
    @Path("{name}")
    public JsonObject get(@PathParam("name") String name) {
        return ScriptsJson.script(catalog.find(name), scheduler.nextRun(name), true);
    }

    @PUT
    @Path("{name}")
    public JsonObject update(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType,
            @QueryParam("check") String check, InputStream body) {
        ScriptDefinition definition = definition(contentType, body);
        if (checkRequested(check)) {
            ScriptDefinition.checkName(name);
            typeCheck.check(name, definition.source());
        }
        return ScriptsJson.script(catalog.update(name, definition), scheduler.nextRun(name), true);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        catalog.delete(name);
        return Response.noContent().build();
    }

    @POST
    @Path("{name}/runs")
    public Response run(@PathParam("name") String name) {
        Run run = catalog.run(name);
        return Response.accepted(ScriptsJson.run(run)).location(URI.create("/runs/" + run.id())).build();
    }

    @GET
    @Path("{name}/runs")
    public JsonObject runs(@PathParam("name") String name, @QueryParam("limit") String limit) {
        catalog.find(name);
        return ScriptsJson.runs(launcher.list(name, null, RunsResource.limit(limit)));
    }

    @PUT
    @Path("{name}/schedule")
    public JsonObject schedule(@PathParam("name") String name, @HeaderParam("Content-Type") String contentType, InputStream body) {
        Schedule schedule = Schedule.parse(JsonBody.object(contentType, body, OTHER_FIELDS_BYTES, Schedule.EXAMPLE));
        return ScriptsJson.script(catalog.schedule(name, schedule), scheduler.nextRun(name), false);
    }

    @DELETE
    @Path("{name}/schedule")
    public Response unschedule(@PathParam("name") String name) {
        catalog.schedule(name, null);
        return Response.noContent().build();
    }

    /** {@code ?check=true} type-checks the source against the SDK first (400 {@code type_error}, nothing saved). */
    private static boolean checkRequested(String check) {
        if (check == null || check.isBlank() || check.equals("false")) {
            return false;
        }
        if (check.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("invalid_parameter", "'check' must be true or false, got '" + check + "'");
    }

    private ScriptDefinition definition(String contentType, InputStream body) {
        long maxSource = limits.maxSourceBytes();
        return ScriptDefinition.from(JsonBody.object(contentType, body, maxSource * ESCAPING_FACTOR + OTHER_FIELDS_BYTES,
                ScriptDefinition.EXAMPLE), maxSource);
    }
}

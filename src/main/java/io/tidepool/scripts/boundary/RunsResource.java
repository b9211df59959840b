package io.tidepool.scripts.boundary;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.ApiException;
import io.tidepool.query.boundary.QueryParams;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.Caller;
import io.tidepool.scripts.control.LiveOutput;
import io.tidepool.scripts.control.RunLauncher;
import io.tidepool.scripts.entity.Run;
import io.tidepool.scripts.entity.RunState;

/**
 * Runs on the admin port: list, status, stop, output (also live, as server-sent events) and events.
 *
 * <pre>
 * curl -s -u monitor 'https://localhost:9081/runs?script=latency-alert&amp;limit=10'
 * curl -s -u admin -X POST https://localhost:9081/runs/mi7x3k2a-4f0c9e/stop
 * curl -sN -u monitor https://localhost:9081/runs/mi7x3k2a-4f0c9e/output/stream
 * </pre>
 */
@Tag(name = "scripts")
@SecurityRequirement(name = "basic")
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final int MAX_EVENTS = 10_000;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    @Inject
    RunLauncher launcher;

    @Inject
    LiveOutput live;

    @Inject
    TelemetryHelpers telemetry;

    @GET
    public JsonObject list(@QueryParam("script") String script, @QueryParam("state") String state,
            @QueryParam("limit") String limit) {
        return ScriptsJson.runs(launcher.list(script == null || script.isBlank() ? null : script, state(state), limit(limit)));
    }

    @GET
    @Path("{id}")
    public JsonObject get(@PathParam("id") String id) {
        return ScriptsJson.run(find(id));
    }

    @POST
    @Path("{id}/stop")
    public JsonObject stop(@PathParam("id") String id) {
        return ScriptsJson.run(launcher.stop(id, "stopped by request"));
    }

    @GET
    @Path("{id}/output")
    public JsonObject output(@PathParam("id") String id) {
        Run run = find(id);
        return ScriptsJson.output(run, launcher.output(id).orElseThrow(() -> notFound(id)));
    }

    @GET
    @Path("{id}/events")
    public JsonObject events(@PathParam("id") String id, @QueryParam("limit") String limit) {
        find(id);
        return ScriptsJson.events(id, telemetry.runEvents(id, QueryParams.limit(limit, MAX_EVENTS, MAX_EVENTS), Caller.INTERNAL));
    }

    /**
     * The run's output as server-sent events while it runs: {@code stdout} and {@code stderr} events
     * carry text as it is written (starting with what is already kept), then one {@code end} event
     * carries the finished run. A finished run's stream is its kept output and the {@code end} event.
     */
    @GET
    @Path("{id}/output/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        find(id);
        try (sink) {
            live.follow(id, (name, data) -> {
                if (sink.isClosed()) {
                    return false;
                }
                try {
                    sink.send(sse.newEventBuilder().name(name).data(String.class, data).build()).toCompletableFuture()
                            .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }, run -> ScriptsJson.run(run).toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Run find(String id) {
        Optional<Run> run = launcher.current(id);
        return run.orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no run with id '" + id + "'");
    }

    private static RunState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return RunState.of(state.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "'state' must be queued, running or finished, got '" + state + "'");
        }
    }

    static int limit(String value) {
        return QueryParams.limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }
}

package io.tidepool.query.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.query.control.ActiveRequests;
import io.tidepool.query.control.PoolStatistics;
import io.tidepool.query.control.SnapshotProbe;

/**
 * The seed's health document for scripts, with the reader pool's real figures. 200 with
 * {@code "status":"ok"} when a probe query succeeds within the health timeout, else 503.
 *
 * <pre>
 * curl -s localhost:9003/health
 * </pre>
 */
@Tag(name = "sdk")
@Path("/health")
public class SdkHealthResource {

    @Inject
    SnapshotProbe probe;

    @Inject
    PoolStatistics pools;

    @Inject
    ActiveRequests active;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        String problem = probe.problem();
        PoolStatistics.Figures readers = pools.readers();
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("status", problem == null ? "ok" : "unavailable")
                .add("active_requests", active.count())
                .add("db_stats", JSON.createObjectBuilder()
                        .add("open_connections", readers.open())
                        .add("in_use", readers.inUse())
                        .add("idle", readers.idle()));
        if (problem != null) {
            json.add("error", problem);
        }
        return Response.status(problem == null ? 200 : 503).entity(json.build()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}

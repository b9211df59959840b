package it.io.tidepool.query;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The SDK API as a typed client sees it (docs/api.md), for the contract ITs. A parameter left null is left out of
 * the request. Methods that answer {@link Response} are those a test also calls to be refused.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface SdkApi {

    @GET
    @Path("metrics/percentile")
    Response percentile(@QueryParam("service") String service, @QueryParam("metric") String metric, @QueryParam("p") String p,
            @QueryParam("window") String window);

    @GET
    @Path("metrics/error-rate")
    Response errorRate(@QueryParam("service") String service, @QueryParam("window") String window);

    @GET
    @Path("traces/query")
    Response traces(@QueryParam("service") String service, @QueryParam("minDuration") String minDuration,
            @QueryParam("timeRange") String timeRange, @QueryParam("limit") String limit);

    @GET
    @Path("system/cpu")
    JsonObject cpu();

    @GET
    @Path("system/memory")
    JsonObject memory();

    @POST
    @Path("db/query")
    @Consumes(MediaType.APPLICATION_JSON)
    Response query(JsonObject body);

    @POST
    @Path("emit")
    @Consumes(MediaType.APPLICATION_JSON)
    Response emit(JsonObject body);
}

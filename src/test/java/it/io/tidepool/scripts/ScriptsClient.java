package it.io.tidepool.scripts;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The script administration API (admin port, docs/scripts.md) as a typed client, for the contract ITs. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface ScriptsClient {

    @POST
    @Path("scripts")
    @Consumes(MediaType.APPLICATION_JSON)
    Response register(JsonObject definition);

    @GET
    @Path("scripts")
    Response list();

    @GET
    @Path("scripts/{name}")
    Response get(@PathParam("name") String name);

    @PUT
    @Path("scripts/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    Response update(@PathParam("name") String name, JsonObject definition);

    @DELETE
    @Path("scripts/{name}")
    Response delete(@PathParam("name") String name);

    @PUT
    @Path("scripts/{name}/schedule")
    @Consumes(MediaType.APPLICATION_JSON)
    Response schedule(@PathParam("name") String name, JsonObject schedule);

    @DELETE
    @Path("scripts/{name}/schedule")
    Response unschedule(@PathParam("name") String name);

    @GET
    @Path("scripts/{name}/runs")
    Response runs(@PathParam("name") String name);

    @POST
    @Path("scripts/{name}/runs")
    Response run(@PathParam("name") String name);

    @GET
    @Path("runs/{id}")
    Response runStatus(@PathParam("id") String id);

    @GET
    @Path("runs/{id}/output")
    Response output(@PathParam("id") String id);

    @GET
    @Path("runs/{id}/events")
    Response events(@PathParam("id") String id);

    @POST
    @Path("runs/{id}/stop")
    Response stop(@PathParam("id") String id);
}

package it.io.tidepool.ingest;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** OTLP/HTTP in its JSON encoding (docs/ingest.md) as a typed client, for the contract ITs; protobuf bodies go through {@link OtlpClient}. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface OtlpApi {

    @POST
    @Path("traces")
    Response traces(JsonObject exportTraceServiceRequest);
}

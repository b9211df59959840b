package io.tidepool.query.boundary;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.tidepool.platform.JsonBody;
import io.tidepool.platform.RequestCleanup;
import io.tidepool.query.control.OpenQuery;
import io.tidepool.query.control.QueryLimits;
import io.tidepool.query.control.SqlQueries;
import io.tidepool.query.entity.SqlRequest;

/**
 * Read-only SQL for scripts.
 *
 * <pre>
 * curl -s localhost:9003/db/query -H 'Content-Type: application/json' \
 *   -d '{"sql": "SELECT service_name, count(*) FROM otel_spans_local WHERE start_time &gt; now() - INTERVAL 5 MINUTE GROUP BY ALL"}'
 * </pre>
 */
@Path("/db/query")
public class SqlResource {

    @Inject
    SqlQueries queries;

    @Inject
    QueryLimits limits;

    @Inject
    RequestCleanup cleanup;

    @Context
    HttpServletRequest http;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(@HeaderParam("Content-Type") String contentType, InputStream body) {
        SqlRequest request = SqlRequest.from(JsonBody.object(contentType, body, limits.maxRequestBytes(), SqlRequest.EXAMPLE));
        OpenQuery result = cleanup.register(queries.open(request, SdkCaller.of(http)));
        StreamingOutput stream = out -> {
            try {
                result.writeJson(out);
            } finally {
                result.close();
            }
        };
        return Response.ok(stream, MediaType.APPLICATION_JSON_TYPE).build();
    }
}

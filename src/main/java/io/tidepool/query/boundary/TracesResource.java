package io.tidepool.query.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.JsonFields;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.TraceSummary;

/**
 * Recent requests (SERVER spans) of a service, newest first, optionally only the slow ones.
 *
 * <pre>
 * curl -s 'localhost:9003/traces/query?service=checkout&amp;minDuration=500ms&amp;timeRange=1h&amp;limit=20'
 * </pre>
 */
@Tag(name = "sdk")
@Path("/traces/query")
@Produces(MediaType.APPLICATION_JSON)
public class TracesResource {

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    @Inject
    TelemetryHelpers helpers;

    @Context
    HttpServletRequest http;

    @GET
    public JsonObject query(@QueryParam("service") String service, @QueryParam("minDuration") String minDuration,
            @QueryParam("timeRange") String timeRange, @QueryParam("limit") String limit) {
        List<TraceSummary> traces = helpers.traces(QueryParams.optionalService(service),
                QueryParams.durationOrZero("minDuration", minDuration),
                QueryParams.duration("timeRange", timeRange, DEFAULT_RANGE),
                QueryParams.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), SdkCaller.of(http));
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (TraceSummary t : traces) {
            array.add(json(t));
        }
        return JSON.createObjectBuilder().add("traces", array).add("count", traces.size()).build();
    }

    private static JsonObject json(TraceSummary t) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("trace_id", t.traceId())
                .add("span_id", t.spanId());
        JsonFields.text(json, "parent_span_id", t.parentSpanId());
        json.add("service_name", t.serviceName());
        JsonFields.text(json, "span_name", t.spanName());
        json.add("start_time", t.startTime().toString())
                .add("duration_ns", t.durationNs())
                .add("is_error", t.error());
        JsonFields.text(json, "status_code", t.statusCode());
        JsonFields.number(json, "http_status", t.httpStatus());
        JsonFields.text(json, "http_method", t.httpMethod());
        JsonFields.text(json, "http_route", t.httpRoute());
        return json.build();
    }
}

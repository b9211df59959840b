package io.tidepool.query.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.HumanDuration;
import io.tidepool.platform.JsonFields;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.ErrorRate;
import io.tidepool.query.entity.LatencyMetric;
import io.tidepool.query.entity.Percentile;

/**
 * Latency percentiles and error rates of a service over a recent window.
 *
 * <pre>
 * curl -s 'localhost:9003/metrics/percentile?service=payments&amp;metric=duration&amp;p=0.99&amp;window=5m'
 * curl -s 'localhost:9003/metrics/error-rate?service=payments&amp;window=5m'
 * </pre>
 */
@Tag(name = "sdk")
@Path("/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    @Inject
    TelemetryHelpers helpers;

    @Context
    HttpServletRequest http;

    @GET
    @Path("percentile")
    public JsonObject percentile(@QueryParam("service") String service, @QueryParam("metric") String metric,
            @QueryParam("p") String p, @QueryParam("window") String window) {
        String name = QueryParams.service(service);
        LatencyMetric latency = LatencyMetric.named(metric);
        double quantile = QueryParams.quantile(p);
        Duration span = QueryParams.duration("window", window, DEFAULT_WINDOW);
        Percentile result = helpers.percentile(name, latency, quantile, span, SdkCaller.of(http));
        return JsonFields.number(JSON.createObjectBuilder(), "value", result.value())
                .add("unit", "ns")
                .add("count", result.count())
                .add("estimated", result.estimated())
                .add("service", name)
                .add("p", quantile)
                .add("window", HumanDuration.format(span))
                .build();
    }

    @GET
    @Path("error-rate")
    public JsonObject errorRate(@QueryParam("service") String service, @QueryParam("window") String window) {
        String name = QueryParams.service(service);
        Duration span = QueryParams.duration("window", window, DEFAULT_WINDOW);
        ErrorRate result = helpers.errorRate(name, span, SdkCaller.of(http));
        return JsonFields.number(JSON.createObjectBuilder(), "value", result.value())
                .add("count", result.count())
                .add("errors", result.errors())
                .add("service", name)
                .add("window", HumanDuration.format(span))
                .build();
    }
}

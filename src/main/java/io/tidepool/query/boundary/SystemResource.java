package io.tidepool.query.boundary;

import static io.tidepool.platform.Jsonp.JSON;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.tidepool.platform.JsonFields;
import io.tidepool.query.control.TelemetryHelpers;
import io.tidepool.query.entity.HostSample;

/**
 * This host's latest CPU and memory samples.
 *
 * <pre>
 * curl -s localhost:9003/system/cpu
 * curl -s localhost:9003/system/memory
 * </pre>
 */
@Tag(name = "sdk")
@Path("/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    static final String CPU = "system.cpu.utilization";
    static final String MEMORY_USED = "system.memory.usage";
    static final String MEMORY_TOTAL = "system.memory.total";

    @Inject
    TelemetryHelpers helpers;

    @Context
    HttpServletRequest http;

    @GET
    @Path("cpu")
    public JsonObject cpu() {
        HostSample cpu = helpers.latestHostValues(List.of(CPU), SdkCaller.of(http)).get(CPU);
        JsonObjectBuilder json = JSON.createObjectBuilder();
        JsonFields.number(json, "usage_percent", cpu.value() == null ? null : cpu.value() * 100);
        JsonFields.instant(json, "timestamp", cpu.timestamp());
        return json.build();
    }

    @GET
    @Path("memory")
    public JsonObject memory() {
        Map<String, HostSample> latest = helpers.latestHostValues(List.of(MEMORY_USED, MEMORY_TOTAL), SdkCaller.of(http));
        HostSample used = latest.get(MEMORY_USED);
        HostSample total = latest.get(MEMORY_TOTAL);
        JsonObjectBuilder json = JSON.createObjectBuilder();
        JsonFields.number(json, "used", bytes(used));
        JsonFields.number(json, "total", bytes(total));
        JsonFields.number(json, "usage_percent", used.value() == null || total.value() == null || total.value() == 0
                ? null : used.value() / total.value() * 100);
        JsonFields.instant(json, "timestamp", used.timestamp());
        return json.build();
    }

    private static Long bytes(HostSample sample) {
        return sample.value() == null ? null : Math.round(sample.value());
    }
}

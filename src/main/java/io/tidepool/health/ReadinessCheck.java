package io.tidepool.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.query.control.PoolStatistics;
import io.tidepool.query.control.QueryAdmission;
import io.tidepool.query.control.SnapshotProbe;

/** Ready when a probe read succeeds within the health timeout; carries the reader pool's figures. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    SnapshotProbe probe;

    @Inject
    PoolStatistics pools;

    @Inject
    QueryAdmission admission;

    @Inject
    TelemetryWriter writer;

    @Override
    public HealthCheckResponse call() {
        String problem = probe.problem();
        PoolStatistics.Figures readers = pools.readers();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tidepool-readers")
                .status(problem == null)
                .withData("pool_open_connections", readers.open())
                .withData("pool_in_use", readers.inUse())
                .withData("pool_idle", readers.idle())
                .withData("query_slots_in_use", admission.inUse())
                .withData("query_slots_waiting", admission.waiting())
                .withData("write_queue_rows", writer.queuedRows());
        if (problem != null) {
            response.withData("problem", problem);
        }
        return response.build();
    }
}

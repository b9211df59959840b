package io.tidepool.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.tidepool.export.control.Exporter;
import io.tidepool.ingest.control.TelemetryWriter;
import io.tidepool.query.control.ExecutionGate;
import io.tidepool.query.control.PoolStatistics;
import io.tidepool.query.control.QueryAdmission;
import io.tidepool.query.control.SnapshotProbe;

/**
 * Ready when a probe read succeeds within the health timeout and the writer can take data: not
 * while the write queue is full (senders are being refused), a commit is stuck, or the last commit
 * failed. Carries the
 * reader pool's and the write queue's figures.
 */
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

    @Inject
    ExecutionGate gate;

    @Inject
    Exporter exporter;

    @Override
    public HealthCheckResponse call() {
        String problem = probe.problem();
        if (problem == null && writer.isStuck()) {
            problem = "the writer has been busy with one commit or maintenance task for longer than its stuck threshold";
        }
        if (problem == null && writer.isFull()) {
            problem = "the write queue is full; senders are refused until it drains";
        }
        if (problem == null && writer.writeFailure() != null) {
            problem = "the writer's last commit failed and none has succeeded since: " + writer.writeFailure();
        }
        PoolStatistics.Figures readers = pools.readers();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tidepool-readers")
                .status(problem == null)
                .withData("pool_open_connections", readers.open())
                .withData("pool_in_use", readers.inUse())
                .withData("pool_idle", readers.idle())
                .withData("query_slots_in_use", admission.inUse())
                .withData("query_slots_waiting", admission.waiting())
                .withData("query_statements_executing", gate.executing())
                .withData("query_statements_waiting", gate.waiting())
                .withData("write_queue_rows", writer.queuedRows())
                .withData("write_queue_full", writer.isFull())
                .withData("writer_stuck", writer.isStuck());
        if (problem != null) {
            response.withData("problem", problem);
        }
        if (exporter.enabled()) {
            // A note, not DOWN: the node still ingests and answers; only the fleet's copy falls behind.
            long backlog = exporter.backlogBytes();
            response.withData("export_backlog_bytes", backlog);
            if (backlog * 2 >= exporter.backlogLimitBytes()) {
                response.withData("export_note", "the export backlog holds " + backlog + " bytes of its " + exporter.backlogLimitBytes()
                        + "-byte limit; the target is not taking files" + (exporter.lastFailure() == null ? "" : ": " + exporter.lastFailure()));
            }
        }
        return response.build();
    }
}

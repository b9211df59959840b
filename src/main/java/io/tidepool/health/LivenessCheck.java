package io.tidepool.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.tidepool.ingest.control.TelemetryWriter;

/** Live while the single writer thread runs: without it nothing new is ever stored, so restart. */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    @Inject
    TelemetryWriter writer;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tidepool-writer").status(writer.isAlive()).build();
    }
}
